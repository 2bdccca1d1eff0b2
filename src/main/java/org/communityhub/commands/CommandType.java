package org.communityhub.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communityhub.devices.DeviceClass;

/**
 * The commands a device of each class takes, and the parameters each takes (docs/commands.md). A
 * parameter not listed is refused, so that a misspelt one does not reach a device in silence.
 */
public enum CommandType {
    /** Restart the device (kiosk, parcel locker). */
    REBOOT(Set.of(DeviceClass.KIOSK, DeviceClass.PARCEL_LOCKER), Map.of()),
    /** Put a kiosk in or out of service: {@code state} IN_SERVICE | OUT_OF_SERVICE | MAINTENANCE. */
    SET_SERVICE_STATE(Set.of(DeviceClass.KIOSK), Map.of("state", Param.oneOf("IN_SERVICE", "OUT_OF_SERVICE", "MAINTENANCE"))),
    /** Open one compartment of a parcel locker: {@code compartment} from 1. Operators only. */
    OPEN_COMPARTMENT(Set.of(DeviceClass.PARCEL_LOCKER), Map.of("compartment", Param.integer(1, 10_000))),
    /** Play a message: {@code text} to speak or {@code clip} the unit knows, {@code volumePct}, {@code repeat}. */
    PLAY(Set.of(DeviceClass.BROADCAST_UNIT), Map.of("text", Param.text(2000), "clip", Param.text(200),
            "volumePct", Param.integer(0, 100), "repeat", Param.integer(1, 20))),
    /** Stop what is playing. */
    STOP(Set.of(DeviceClass.BROADCAST_UNIT), Map.of()),
    /** Run the unit's self-test now. */
    SELF_TEST(Set.of(DeviceClass.BROADCAST_UNIT), Map.of()),
    /** Set the unit's volume: {@code volumePct} 0-100. */
    SET_VOLUME(Set.of(DeviceClass.BROADCAST_UNIT), Map.of("volumePct", Param.integer(0, 100))),
    /** Make an elder's alarm device beep, to find it. */
    LOCATE(Set.of(DeviceClass.ELDER_ALERT), Map.of());

    /** A parameter's rule: null when the value is right, else what is wrong with it. */
    interface Param {
        String problem(JsonNode value);

        static Param integer(int min, int max) {
            return value -> value.isIntegralNumber() && value.asLong() >= min && value.asLong() <= max ? null
                    : "must be a whole number from " + min + " to " + max;
        }

        static Param text(int maxLength) {
            return value -> value.isTextual() && !value.asText().isBlank() && value.asText().length() <= maxLength
                    && value.asText().indexOf('\0') < 0 ? null : "must be text of 1 to " + maxLength + " characters";
        }

        static Param oneOf(String... values) {
            return value -> value.isTextual() && List.of(values).contains(value.asText()) ? null
                    : "must be one of " + List.of(values);
        }
    }

    private final Set<DeviceClass> classes;
    private final Map<String, Param> params;

    CommandType(Set<DeviceClass> classes, Map<String, Param> params) {
        this.classes = classes;
        this.params = params;
    }

    public boolean appliesTo(DeviceClass deviceClass) {
        return classes.contains(deviceClass);
    }

    /** The names of the types a device of this class takes. */
    public static List<String> of(DeviceClass deviceClass) {
        return java.util.Arrays.stream(values()).filter(type -> type.appliesTo(deviceClass)).map(Enum::name).toList();
    }

    /** The problems of these parameters, field name to message; empty when they are right. */
    public Map<String, String> problems(JsonNode given) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        if (given != null && !given.isNull() && !given.isObject()) {
            problems.put("params", "must be an object");
            return problems;
        }
        if (given != null && given.isObject()) {
            given.fieldNames().forEachRemaining(name -> {
                Param rule = params.get(name);
                String problem = rule == null ? "is not a parameter of " + name() + " (it takes " + params.keySet() + ")"
                        : rule.problem(given.get(name));
                if (problem != null) {
                    problems.put("params/" + name, problem);
                }
            });
        }
        for (String required : required()) {
            if (given == null || !given.has(required)) {
                problems.put("params/" + required, "is required for " + name());
            }
        }
        if (this == PLAY && (given == null || given.has("text") == given.has("clip"))) {
            problems.put("params/text", "give either text or clip");
        }
        return problems;
    }

    private List<String> required() {
        return switch (this) {
            case SET_SERVICE_STATE -> List.of("state");
            case OPEN_COMPARTMENT -> List.of("compartment");
            case SET_VOLUME -> List.of("volumePct");
            default -> List.of();
        };
    }
}
