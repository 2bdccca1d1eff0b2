package org.communityhub.alerts;

import java.time.Instant;
import java.util.function.Supplier;

/** What one thing seen means for one rule's condition or alert; {@link Alerting} carries it out. */
public sealed interface Step {

    Step NONE = new None();

    record None() implements Step {
    }

    /**
     * The condition holds (from {@code since} if it did not already). The detail is written only
     * when the condition starts: rules see every reading, and most holds change nothing.
     */
    record Hold(Instant since, Supplier<String> details) implements Step {
        public String detail() {
            return details.get();
        }
    }

    /**
     * The condition is timed anew from {@code since} (a newer motion, a self-test); an alert of the
     * rule is resolved with {@code resolution} when one is given. Older than the condition's start: ignored.
     */
    record Restart(Instant since, String detail, String resolution) implements Step {
    }

    /** The condition no longer holds: its alert, if any, is resolved with the resolution (written only then). */
    record Clear(Supplier<String> resolutions) implements Step {
        public String resolution() {
            return resolutions.get();
        }
    }

    /** The hub cannot tell from {@code at} on (connectivity UNKNOWN): the timing stops, what accrued stays. */
    record Pause(Instant at) implements Step {
    }

    /**
     * Raise the alert at once (an event); {@code defect} says what was wrong with the message;
     * {@code urgent}: no maintenance window silences it, whatever the rule (an EMERGENCY broadcast).
     */
    record Raise(String detail, String defect, Instant triggerTs, Long triggerSeq, boolean urgent) implements Step {
        public Raise(String detail, String defect, Instant triggerTs, Long triggerSeq) {
            this(detail, defect, triggerTs, triggerSeq, false);
        }
    }

    /** Resolve the rule's alert, if one is active, with {@code resolution}. */
    record Resolve(String resolution) implements Step {
    }
}
