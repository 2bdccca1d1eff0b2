package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.communityhub.simulators.Topics;

/**
 * Faults a device can put into a message, one per reason the hub dead-letters for (the names are
 * the hub's reason codes, docs/mqtt.md), so that a run can check what the hub made of each.
 */
public enum Malformed {
    /** The payload is cut off in the middle: not JSON. */
    MALFORMED_JSON,
    /** A number field holds a string. */
    WRONG_TYPE,
    /** A number field far outside its range, e.g. {@code batteryPct} 140. */
    OUT_OF_RANGE,
    /** The reading has no {@code seq}. */
    MISSING_FIELD,
    /** {@code ts} an hour ahead: a device whose clock ran away. */
    TS_IN_FUTURE,
    /** {@code ts} 40 days back: a reading stuck in a device's memory. */
    TS_TOO_OLD,
    /** A good reading published under the id of a device nobody registered. */
    UNKNOWN_DEVICE,
    /** A reading of 70 KB, over the hub's default limit of 64 KiB. */
    OVERSIZED;

    /**
     * The topic this fault is published on: the device's telemetry topic, or for UNKNOWN_DEVICE that
     * of an id nobody registered. (A channel outside the contract is not among the faults: the hub
     * subscribes to the contract's channels only, so such a message never reaches it; the broker's
     * ACL should refuse it, docs/operations.md.)
     */
    String topic(String deviceId) {
        return Topics.of(this == UNKNOWN_DEVICE ? deviceId + "-unregistered" : deviceId, "telemetry");
    }

    /** Spoils a good reading of {@code deviceClass}; returns the payload text. */
    String spoil(ObjectNode reading, DeviceClass deviceClass, Instant now) {
        String numeric = switch (deviceClass) {
            case KIOSK -> "cpuTempC";
            case PARCEL_LOCKER -> "temperatureC";
            case BROADCAST_UNIT -> "speakerOhms";
            case ELDER_ALERT -> "batteryPct";
        };
        switch (this) {
            case MALFORMED_JSON -> {
                String text = reading.toString();
                return text.substring(0, text.length() / 2);
            }
            case WRONG_TYPE -> reading.put(numeric, "high");
            case OUT_OF_RANGE -> reading.put(numeric, 100_000);
            case MISSING_FIELD -> reading.remove("seq");
            case TS_IN_FUTURE -> reading.put("ts", now.plus(Duration.ofHours(1)).toString());
            case TS_TOO_OLD -> reading.put("ts", now.minus(Duration.ofDays(40)).toString());
            case OVERSIZED -> reading.put("dump", "x".repeat(70 * 1024));
            case UNKNOWN_DEVICE -> {
            }
        }
        return reading.toString();
    }
}
