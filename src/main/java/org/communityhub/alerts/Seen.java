package org.communityhub.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.communityhub.connectivity.LinkState;
import org.communityhub.telemetry.DeviceEvent;

/** What the rules are shown of a device, decoded, timed by the hub ({@code at}): device clocks decide nothing. */
public sealed interface Seen {

    String deviceId();

    Instant at();

    /**
     * A committed reading; {@code shift} is how far the rules' clock runs ahead of the devices' (zero
     * but in tests, {@link AlertClock}).
     */
    record Reading(org.communityhub.telemetry.Reading reading, Instant at, Duration shift) implements Seen {
        @Override
        public String deviceId() {
            return reading.deviceId();
        }

        public Object value(String field) {
            return reading.value(field);
        }

        /** A timestamp field on the rules' clock, or null when absent. */
        public Instant instant(String field) {
            return reading.value(field) instanceof Instant value ? value.plus(shift) : null;
        }
    }

    /** A committed event, with its other fields ({@code body}, never null). */
    record Event(DeviceEvent event, JsonNode body, Instant at) implements Seen {
        @Override
        public String deviceId() {
            return event.deviceId();
        }

        public boolean is(String type) {
            return event.type().equals(type);
        }
    }

    /** A committed connectivity change. */
    record Link(String deviceId, LinkState state, Instant at) implements Seen {
    }

    /**
     * A broadcast unit that did not confirm a PLAY in time (the commands feature's check, made only
     * while the hub hears); {@code urgent} when the broadcast is an EMERGENCY.
     */
    record Unconfirmed(String deviceId, Instant at, String detail, boolean urgent) implements Seen {
    }
}
