package org.communityhub.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * One telemetry object of one device, decoded and checked. {@code values} follow the order of the
 * table's {@link TelemetryTable#fields()} (null where the device left a field out); {@code extraJson}
 * holds the fields outside the contract, or is null.
 */
public record Reading(String deviceId, TelemetryTable table, Instant ts, long seq, List<Object> values,
        String extraJson) {
}
