package org.communityhub.alerts;

import java.util.Set;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.EventType;

/**
 * Raised at once by a device event (SOS, FALL, DOOR_FORCED, a failed SELF_TEST), and resolved by a
 * person, or by the event in {@code resolvedBy} (a SELF_TEST that passed) when there is one.
 */
public record EventRule(DeviceClass deviceClass, String type, Tuning tuning, Match raisedBy, Match resolvedBy)
        implements Rule {

    /** An event of type {@code event}, whose {@code passed} field is {@code passed} unless that is null. */
    public record Match(String event, Boolean passed) {
        boolean matches(Seen.Event seen) {
            return seen.is(event) && (passed == null
                    || (seen.body().path("passed").isBoolean() && seen.body().path("passed").asBoolean() == passed));
        }

        @Override
        public String toString() {
            return passed == null ? event : event + " with passed " + passed;
        }
    }

    public static EventRule on(DeviceClass deviceClass, String event, Severity severity) {
        return new EventRule(deviceClass, event, Tuning.atOnce(severity), new Match(event, null), null);
    }

    @Override
    public Rule tuned(Tuning tuning) {
        return new EventRule(deviceClass, type, tuning, raisedBy, resolvedBy);
    }

    @Override
    public Set<String> tunables() {
        return ALWAYS;
    }

    @Override
    public Step on(Seen seen) {
        if (!(seen instanceof Seen.Event event)) {
            return Step.NONE;
        }
        if (raisedBy.matches(event)) {
            String details = event.body().isEmpty() ? "" : " " + event.body();
            return new Step.Raise(event.event().type() + details, event.event().defect(), event.event().ts(),
                    event.event().seq());
        }
        if (resolvedBy != null && resolvedBy.matches(event)) {
            return new Step.Resolve(resolvedBy + " at " + event.at());
        }
        return Step.NONE;
    }

    @Override
    public boolean lifeSafety() {
        return EventType.valueOf(raisedBy.event()).lifeSafety();
    }

    @Override
    public String describe() {
        return "a " + raisedBy + " event raises it at once" + (resolvedBy == null ? "" : "; a " + resolvedBy
                + " resolves it");
    }
}
