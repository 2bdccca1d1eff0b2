package org.communityhub.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The time the alert rules go by: the system clock, which tests move forward ({@link #advance}) to
 * check a delay of minutes or days without waiting for it.
 */
@ApplicationScoped
public class AlertClock {

    private volatile Duration offset = Duration.ZERO;

    public Instant now() {
        return Instant.now().plus(offset);
    }

    /** A time of the system clock (a receive time) on this clock. */
    public Instant shift(Instant systemTime) {
        return systemTime.plus(offset);
    }

    /** How far this clock is ahead of the system clock. */
    public Duration offset() {
        return offset;
    }

    /** Moves this clock forward; only tests do. */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }
}
