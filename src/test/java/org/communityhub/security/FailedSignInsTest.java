package org.communityhub.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lock-out per user and the stop of password checks per address, on a clock the test moves. */
class FailedSignInsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final FailedSignIns failures = new FailedSignIns(config(3, Duration.ofMinutes(15), 10), nanos::get);

    @Test
    void aUserIsLockedOutAfterTheAttemptsUntilTheWindowEnds() {
        failures.failed("wang", "10.0.0.1");
        failures.failed("wang", "10.0.0.2");
        assertFalse(failures.userLockedOut("wang"), "two of three");
        failures.failed("wang", "10.0.0.3");
        assertTrue(failures.userLockedOut("wang"), "three wrong passwords, from anywhere");
        assertFalse(failures.userLockedOut("li"), "another user is not");

        nanos.addAndGet(Duration.ofMinutes(14).toNanos());
        assertTrue(failures.userLockedOut("wang"), "still within the window");
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertFalse(failures.userLockedOut("wang"), "the window ended");
    }

    @Test
    void aRightPasswordEndsTheUsersCount() {
        failures.failed("wang", "10.0.0.1");
        failures.failed("wang", "10.0.0.1");
        failures.succeeded("wang");
        failures.failed("wang", "10.0.0.1");
        assertFalse(failures.userLockedOut("wang"));
    }

    @Test
    void anAddressWithManyFailuresGetsNoMorePasswordChecksUntilTheWindowEnds() {
        for (int i = 0; i < 10; i++) {
            assertFalse(failures.addressBlocked("10.9.9.9"));
            failures.failed("user-" + i, "10.9.9.9");
        }
        assertTrue(failures.addressBlocked("10.9.9.9"), "ten failures, each for another user");
        assertFalse(failures.addressBlocked("10.0.0.1"), "another address is not");
        assertFalse(failures.addressBlocked(null), "an unknown address is never blocked");
        nanos.addAndGet(Duration.ofMinutes(16).toNanos());
        assertFalse(failures.addressBlocked("10.9.9.9"));
    }

    /** The mapping as Quarkus builds it, from these values and the defaults. */
    private static SecurityConfig config(int attempts, Duration lockout, int addressAttempts) {
        return new SmallRyeConfigBuilder().withMapping(SecurityConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(Map.of("hub.security.lockout-attempts", Integer.toString(attempts),
                        "hub.security.lockout", lockout.toString(),
                        "hub.security.address-attempts", Integer.toString(addressAttempts)))
                .build().getConfigMapping(SecurityConfig.class);
    }
}
