package org.communityhub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Failed sign-ins, counted per user and per source address within {@link SecurityConfig#lockout()}
 * (the count starts with the first failure and ends with the window):
 * <ul>
 * <li>a user with {@link SecurityConfig#lockoutAttempts()} failures is locked out until the window
 * ends: even the right password is refused (unless verified before, {@link VerifiedCredentials}), so
 * guessing one user's password is slow;</li>
 * <li>an address with {@link SecurityConfig#addressAttempts()} failures gets no more password checks
 * until the window ends (passwords verified recently still pass), so that a stream of wrong
 * passwords costs at most that many bcrypt checks per window and address.</li>
 * </ul>
 * A right password ends the user's count. In memory, per hub instance.
 */
@ApplicationScoped
public class FailedSignIns {

    private static final Logger LOG = Logger.getLogger(FailedSignIns.class);

    private final Cache<String, AtomicInteger> users;
    private final Cache<String, AtomicInteger> addresses;
    private final SecurityConfig config;

    @Inject
    FailedSignIns(SecurityConfig config) {
        this(config, Ticker.systemTicker());
    }

    /** With the clock {@code ticker}, for tests. */
    FailedSignIns(SecurityConfig config, Ticker ticker) {
        this.config = config;
        this.users = Caffeine.newBuilder().ticker(ticker).maximumSize(100_000).expireAfterWrite(config.lockout())
                .build();
        this.addresses = Caffeine.newBuilder().ticker(ticker).maximumSize(100_000).expireAfterWrite(config.lockout())
                .build();
    }

    boolean userLockedOut(String username) {
        AtomicInteger failures = users.getIfPresent(username);
        return failures != null && failures.get() >= config.lockoutAttempts();
    }

    boolean addressBlocked(String address) {
        AtomicInteger failures = address == null ? null : addresses.getIfPresent(address);
        return failures != null && failures.get() >= config.addressAttempts();
    }

    void failed(String username, String address) {
        if (users.get(username, k -> new AtomicInteger()).incrementAndGet() == config.lockoutAttempts()) {
            LOG.warnf("security: user %s locked out for %s after %d wrong passwords (the last from %s)", username,
                    config.lockout(), config.lockoutAttempts(), address);
        }
        if (address != null
                && addresses.get(address, k -> new AtomicInteger()).incrementAndGet() == config.addressAttempts()) {
            LOG.warnf("security: no password checks for %s for %s after %d failed sign-ins", address,
                    config.lockout(), config.addressAttempts());
        }
    }

    void succeeded(String username) {
        users.invalidate(username);
    }
}
