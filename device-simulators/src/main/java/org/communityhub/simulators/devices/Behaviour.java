package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a device of one class measures and what happens to it, one reporting interval at a time.
 * Each implementation keeps its device's state (paper left, parcels held, battery) and is driven
 * by the rates of the scenario file.
 */
public sealed interface Behaviour permits KioskBehaviour, LockerBehaviour, BroadcastBehaviour, ElderBehaviour {

    /** Advances by one interval and puts this class's telemetry fields into {@code reading}. */
    void report(Tick tick, ObjectNode reading);

    /** Events of this interval: each a {@code type} and its fields, without {@code ts} and {@code seq}. */
    List<ObjectNode> events(Tick tick);

    /** A behaviour for a new device of {@code deviceClass}. */
    static Behaviour of(DeviceClass deviceClass, Rates rates) {
        return switch (deviceClass) {
            case KIOSK -> new KioskBehaviour(rates.kiosk());
            case PARCEL_LOCKER -> new LockerBehaviour(rates.parcelLocker());
            case BROADCAST_UNIT -> new BroadcastBehaviour(rates.broadcastUnit());
            case ELDER_ALERT -> new ElderBehaviour(rates.elderAlert());
        };
    }
}
