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

    /** The value of the contract field {@code name}, or null when the device left it out. */
    public Object value(String name) {
        List<Field> fields = table.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return values.get(i);
            }
        }
        throw new IllegalArgumentException(name + " is not a field of " + table);
    }
}
