package org.communityhub.telemetry;

import java.util.List;
import java.util.Optional;
import org.communityhub.devices.DeviceClass;

/**
 * The events of the contract (MISSION.md §4), each with the class that sends it and the fields it
 * must carry besides {@code ts}, {@code seq} and {@code type}.
 */
public enum EventType {
    DOOR_FORCED(DeviceClass.PARCEL_LOCKER, List.of()),
    DOOR_LEFT_OPEN(DeviceClass.PARCEL_LOCKER, List.of(Field.integer("compartment", "compartment", 0, 10_000))),
    TAMPER(DeviceClass.PARCEL_LOCKER, List.of()),
    SELF_TEST(DeviceClass.BROADCAST_UNIT, List.of(Field.bool("passed", "passed"))),
    PLAYBACK_STARTED(DeviceClass.BROADCAST_UNIT, List.of()),
    PLAYBACK_ENDED(DeviceClass.BROADCAST_UNIT, List.of()),
    SOS(DeviceClass.ELDER_ALERT, List.of()),
    FALL(DeviceClass.ELDER_ALERT, List.of()),
    CHECK_IN(DeviceClass.ELDER_ALERT, List.of()),
    LOW_BATTERY(DeviceClass.ELDER_ALERT, List.of()),
    /** A community worker visited the resident and tapped the device ({@code visitor}, {@code note} optional). */
    VISIT(DeviceClass.ELDER_ALERT, List.of());

    private final DeviceClass deviceClass;
    private final List<Field> required;

    EventType(DeviceClass deviceClass, List<Field> required) {
        this.deviceClass = deviceClass;
        this.required = required;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    /** Fields the event must carry, checked like telemetry fields. */
    public List<Field> required() {
        return required;
    }

    /**
     * A person may be in danger: the event is stored and alerts even when part of it is invalid (timed
     * by the hub's receive time then), and no maintenance window silences it.
     */
    public boolean lifeSafety() {
        return this == SOS || this == FALL;
    }

    public static Optional<EventType> of(DeviceClass deviceClass, String name) {
        for (EventType type : values()) {
            if (type.name().equals(name) && type.deviceClass == deviceClass) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static List<String> namesOf(DeviceClass deviceClass) {
        return java.util.Arrays.stream(values()).filter(t -> t.deviceClass == deviceClass).map(Enum::name).toList();
    }
}
