package org.communityhub.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.communityhub.devices.DeviceClass;

/**
 * An elderly resident's device reports no motion ({@code lastMotionTs}) for longer than the
 * resident's window: {@code after} by day ({@code hours}), {@code afterAtNight} otherwise. A newer
 * motion or a CHECK_IN ("I am fine") resolves it and starts the timing again. A person may be in
 * danger: maintenance never silences it.
 */
public record NoMotionRule(Tuning tuning) implements Rule {

    private static final Set<String> TUNABLES = Set.of("enabled", "severity", "after", "afterAtNight", "hours");

    @Override
    public DeviceClass deviceClass() {
        return DeviceClass.ELDER_ALERT;
    }

    @Override
    public String type() {
        return "NO_MOTION";
    }

    @Override
    public Rule tuned(Tuning tuning) {
        return new NoMotionRule(tuning);
    }

    @Override
    public Set<String> tunables() {
        return TUNABLES;
    }

    @Override
    public Step on(Seen seen) {
        Instant motion = seen instanceof Seen.Reading reading ? reading.instant("lastMotionTs") : null;
        if (motion != null) {
            return new Step.Restart(motion, "last motion at " + motion, "the resident moved at " + motion);
        }
        if (seen instanceof Seen.Event event && event.is("CHECK_IN")) {
            return new Step.Restart(event.at(), "checked in at " + event.at(), "the resident checked in at "
                    + event.at());
        }
        return Step.NONE;
    }

    @Override
    public boolean due(Condition condition, Instant now) {
        Duration window = tuning.hours().contains(now) ? tuning.after() : tuning.afterAtNight();
        return condition.since() != null && Duration.between(condition.since(), now).compareTo(window) >= 0;
    }

    @Override
    public boolean lifeSafety() {
        return true;
    }

    @Override
    public String describe() {
        return "no motion for " + tuning.after() + " by day (" + tuning.hours() + ") or " + tuning.afterAtNight()
                + " by night; a CHECK_IN resolves it";
    }
}
