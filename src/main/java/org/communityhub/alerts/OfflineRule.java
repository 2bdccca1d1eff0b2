package org.communityhub.alerts;

import java.util.Set;
import org.communityhub.devices.DeviceClass;

/**
 * Raised when a device has been OFFLINE for {@code after} (counted within {@code hours}); resolved
 * when it is ONLINE again. Time while it is UNKNOWN (the hub could not hear) is not counted: the
 * timing pauses and resumes, so neither a hub outage nor a restart raises or resets it.
 */
public record OfflineRule(DeviceClass deviceClass, Tuning tuning) implements Rule {

    private static final Set<String> TUNABLES = Set.of("enabled", "severity", "after", "hours");

    @Override
    public String type() {
        return "OFFLINE";
    }

    @Override
    public Rule tuned(Tuning tuning) {
        return new OfflineRule(deviceClass, tuning);
    }

    @Override
    public Set<String> tunables() {
        return TUNABLES;
    }

    @Override
    public Step on(Seen seen) {
        if (!(seen instanceof Seen.Link link)) {
            return Step.NONE;
        }
        return switch (link.state()) {
            case OFFLINE -> new Step.Hold(link.at(), () -> "offline since " + link.at());
            case ONLINE -> new Step.Clear(() -> "online again at " + link.at());
            case UNKNOWN -> new Step.Pause(link.at());
        };
    }

    @Override
    public String describe() {
        return "offline for longer than " + tuning.after() + " (counted " + tuning.hours() + ")";
    }
}
