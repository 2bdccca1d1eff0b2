package org.communityhub.simulators.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.communityhub.simulators.devices.DeviceClass;
import org.communityhub.simulators.devices.Malformed;
import org.communityhub.simulators.devices.SimulatedDevice;

/**
 * One entry of a scenario's timeline: at a moment, something happens to the devices the selector
 * picks ({@code area}: an area code or its prefix, e.g. a street's 9 digits; {@code class};
 * {@code devices}: ids; {@code count}: at most this many of them, in fleet order).
 *
 * @param at      when (see {@link Moment})
 * @param action  what ({@code do:} in the file)
 * @param until   for powerLoss and networkLoss: when it ends (a moment)
 * @param offline for reconnectStorm: how long the devices stay away before they all come back at once
 * @param skew    for clockSkew: how far the clocks are ahead (negative: behind), e.g. {@code 90s} or {@code -2m}
 * @param kinds   for malformed: the faults, one message each per device
 * @param type    for event: the event type, e.g. SOS
 * @param priority for broadcast: EMERGENCY, DRILL (the default) or NOTICE
 * @param text    for broadcast: what the units say (a drill announcement by default)
 */
public record Step(String at, @JsonProperty("do") Action action, String area, @JsonProperty("class") DeviceClass deviceClass,
        List<String> devices, Integer count, String until, String offline, String skew, List<Malformed> kinds, String type,
        String priority, String text) {

    /** What a broadcast step says when the file gives no text. */
    public static final String DRILL_TEXT = "演练：这是一次应急广播演练，请勿惊慌。This is an emergency broadcast drill.";

    /** What a step does. */
    public enum Action {
        /** Mains fail until {@code until}: kiosks die (and reboot when power returns), the rest run on batteries. */
        @JsonProperty("powerLoss") POWER_LOSS,
        /** The devices lose the broker until {@code until}, buffer their readings and flush them as an array. */
        @JsonProperty("networkLoss") NETWORK_LOSS,
        /** The devices drop their connections and all reconnect at the same moment, {@code offline} later. */
        @JsonProperty("reconnectStorm") RECONNECT_STORM,
        /** The devices restart: seq back to 0, a new connection. */
        @JsonProperty("reboot") REBOOT,
        /** The devices' clocks jump by {@code skew}. */
        @JsonProperty("clockSkew") CLOCK_SKEW,
        /** Each device publishes one message of each of {@code kinds}. */
        @JsonProperty("malformed") MALFORMED,
        /** Each device raises an event of {@code type}. */
        @JsonProperty("event") EVENT,
        /**
         * The hub is asked (over its API: {@code --hub}, {@code --password}) to broadcast {@code text} with
         * {@code priority} to every unit of {@code area}, a full 12-digit code; the units play it as they do any PLAY.
         */
        @JsonProperty("broadcast") BROADCAST
    }

    public Step {
        if (action == null) {
            throw new IllegalArgumentException("do: missing; a step needs one of powerLoss, networkLoss, reconnectStorm, reboot, "
                    + "clockSkew, malformed, event, broadcast");
        }
        parsed("at", at, Moment::parse);
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        if (area != null && !area.matches("\\d{2,15}")) {
            throw new IllegalArgumentException("area must be an area code or its leading digits, not \"" + area + "\"");
        }
        switch (action) {
            case POWER_LOSS, NETWORK_LOSS -> parsed("until", required("until", until), Moment::parse);
            case RECONNECT_STORM -> parsed("offline", required("offline", offline), Moment::duration);
            case CLOCK_SKEW -> parsed("skew", required("skew", skew), Step::skewDuration);
            case MALFORMED -> {
                if (kinds == null || kinds.isEmpty()) {
                    throw new IllegalArgumentException("kinds: malformed needs a list of " + List.of(Malformed.values()));
                }
            }
            case EVENT -> required("type", type);
            case BROADCAST -> {
                if (required("area", area).length() != 12) {
                    throw new IllegalArgumentException("area: a broadcast goes to an area, a full 12-digit code, not \""
                            + area + "\"");
                }
                if (priority != null && !List.of("EMERGENCY", "DRILL", "NOTICE").contains(priority)) {
                    throw new IllegalArgumentException("priority must be EMERGENCY, DRILL or NOTICE, not \"" + priority + "\"");
                }
            }
            case REBOOT -> {
            }
        }
    }

    /** A broadcast step's request, as {@code POST /api/v1/broadcasts} takes it. */
    public java.util.Map<String, Object> broadcastRequest() {
        return java.util.Map.of("area", area, "priority", priority == null ? "DRILL" : priority,
                "text", text == null || text.isBlank() ? DRILL_TEXT : text);
    }

    public Moment moment() {
        return Moment.parse(at);
    }

    public Moment end() {
        return Moment.parse(until);
    }

    public Duration offlineFor() {
        return Moment.duration(offline);
    }

    public Duration skewBy() {
        return skewDuration(skew);
    }

    /** Whether the selector picks {@code device}; {@code count} is applied by whoever walks the fleet. */
    public boolean matches(SimulatedDevice device) {
        return (area == null || device.areaCode().startsWith(action == Action.BROADCAST ? subtreePrefix(area) : area))
                && (action != Action.BROADCAST || device.deviceClass() == DeviceClass.BROADCAST_UNIT)
                && (deviceClass == null || device.deviceClass() == deviceClass)
                && (devices == null || devices.contains(device.id()));
    }

    /** The digits every code under a 12-digit area code starts with: its zero levels (3, 3, 2, 2 digits) cut off. */
    static String subtreePrefix(String code) {
        String prefix = code;
        for (int digits : new int[] {3, 3, 2, 2}) {
            if (prefix.length() > 2 && prefix.endsWith("0".repeat(digits))) {
                prefix = prefix.substring(0, prefix.length() - digits);
            } else {
                break;
            }
        }
        return prefix;
    }

    private String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": missing; this step needs it");
        }
        return value;
    }

    /** Parses {@code text}; a failure names {@code field}, so that the error points at its line. */
    private static <T> T parsed(String field, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static Duration skewDuration(String text) {
        String trimmed = text.trim();
        return trimmed.startsWith("-") ? Moment.duration(trimmed.substring(1)).negated() : Moment.duration(trimmed);
    }
}
