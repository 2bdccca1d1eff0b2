package org.communityhub.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * What a rule is timing for one device: the condition holds since {@code since} (null while paused:
 * the hub could not hear), with {@code accrued} counted before the pause. Stored in
 * {@code alert_conditions}, so a pending duration survives a restart of the hub.
 */
public record Condition(Instant since, Duration accrued, String detail, Status status) {

    public enum Status {
        /** Being timed. */
        PENDING,
        /** Its alert was raised. */
        FIRED,
        /** It fell due during maintenance: recorded, not raised; raised if still due after the window. */
        SUPPRESSED
    }

    public static Condition since(Instant since, String detail) {
        return new Condition(since, Duration.ZERO, detail, Status.PENDING);
    }

    /** The time that counts towards the rule's delay by {@code now}: within {@code hours} only. */
    public Duration counted(Hours hours, Instant now) {
        return since == null ? accrued : accrued.plus(hours.within(since, now));
    }

    public Condition resumed(Instant at, String detail) {
        return since != null ? this : new Condition(at, accrued, detail, status);
    }

    public Condition paused(Hours hours, Instant at) {
        return since == null ? this : new Condition(null, counted(hours, at), detail, status);
    }

    public Condition with(Status next) {
        return new Condition(since, accrued, detail, next);
    }
}
