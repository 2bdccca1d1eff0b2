package org.communityhub.alerts;

import java.util.Set;
import org.communityhub.devices.DeviceClass;

/**
 * BROADCAST_NOT_CONFIRMED: a broadcast unit that did not confirm playing a broadcast within
 * {@code hub.commands.confirm-within} (not reached, no answer, accepted but silent, refused or
 * failed), as the commands feature's check finds it; its next PLAYBACK_STARTED or PLAYBACK_ENDED
 * resolves it. A window silences it for drills and notices, never for an EMERGENCY.
 */
public record NotConfirmedRule(Tuning tuning) implements Rule {

    @Override
    public DeviceClass deviceClass() {
        return DeviceClass.BROADCAST_UNIT;
    }

    @Override
    public String type() {
        return "BROADCAST_NOT_CONFIRMED";
    }

    @Override
    public Rule tuned(Tuning tuning) {
        return new NotConfirmedRule(tuning);
    }

    @Override
    public Set<String> tunables() {
        return ALWAYS;
    }

    @Override
    public Step on(Seen seen) {
        if (seen instanceof Seen.Unconfirmed unconfirmed) {
            return new Step.Raise(unconfirmed.detail(), null, null, null, unconfirmed.urgent());
        }
        if (seen instanceof Seen.Event event && (event.is("PLAYBACK_STARTED") || event.is("PLAYBACK_ENDED"))) {
            return new Step.Resolve("the unit played (" + event.event().type() + " at " + event.at() + ")");
        }
        return Step.NONE;
    }

    @Override
    public String describe() {
        return "a broadcast unit that did not confirm playing a broadcast in time (hub.commands.confirm-within); "
                + "its next playback resolves it";
    }
}
