package org.communityhub.alerts;

import java.time.Instant;

/** What one thing seen means for one rule's condition or alert; {@link Alerting} carries it out. */
public sealed interface Step {

    Step NONE = new None();

    record None() implements Step {
    }

    /** The condition holds (from {@code since} if it did not already). */
    record Hold(Instant since, String detail) implements Step {
    }

    /**
     * The condition is timed anew from {@code since} (a newer motion, a self-test); an alert of the
     * rule is resolved with {@code resolution} when one is given. Older than the condition's start: ignored.
     */
    record Restart(Instant since, String detail, String resolution) implements Step {
    }

    /** The condition no longer holds: its alert is resolved with {@code resolution}. */
    record Clear(String resolution) implements Step {
    }

    /** The hub cannot tell from {@code at} on (connectivity UNKNOWN): the timing stops, what accrued stays. */
    record Pause(Instant at) implements Step {
    }

    /** Raise the alert at once (an event); {@code defect} says what was wrong with the message. */
    record Raise(String detail, String defect, Instant triggerTs, long triggerSeq) implements Step {
    }

    /** Resolve the rule's alert, if one is active, with {@code resolution}. */
    record Resolve(String resolution) implements Step {
    }
}
