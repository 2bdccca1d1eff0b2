package org.communityhub.alerts;

import java.util.Set;
import org.communityhub.devices.DeviceClass;

/**
 * Raised when the event a device owes regularly (a broadcast unit's weekly SELF_TEST) has not come
 * for {@code after}, timed from the last one, or from the first message heard of a device that never
 * sent one; the event resolves it and starts the timing again.
 */
public record OverdueRule(DeviceClass deviceClass, String type, Tuning tuning, String event) implements Rule {

    private static final Set<String> TUNABLES = Set.of("enabled", "severity", "after");

    @Override
    public Rule tuned(Tuning tuning) {
        return new OverdueRule(deviceClass, type, tuning, event);
    }

    @Override
    public Set<String> tunables() {
        return TUNABLES;
    }

    @Override
    public Step on(Seen seen) {
        if (seen instanceof Seen.Event owed && owed.is(event)) {
            return new Step.Restart(seen.at(), "last " + event + " at " + seen.at(), "a " + event + " came at "
                    + seen.at());
        }
        if (seen instanceof Seen.Link) {
            return Step.NONE;
        }
        return new Step.Hold(seen.at(), () -> "no " + event + " since the device was first heard of");
    }

    @Override
    public String describe() {
        return "no " + event + " event for " + tuning.after();
    }
}
