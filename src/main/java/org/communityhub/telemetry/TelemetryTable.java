package org.communityhub.telemetry;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.communityhub.devices.DeviceClass;

/**
 * The typed telemetry table of each device class (migration V2) and the contract fields it holds
 * (MISSION.md §4). Fields outside this list go to the {@code extra} jsonb column.
 */
public enum TelemetryTable {

    KIOSK("telemetry_kiosk", List.of(
            Field.oneOf("serviceState", "service_state", "IN_SERVICE", "OUT_OF_SERVICE", "MAINTENANCE"),
            Field.oneOf("printer", "printer", "OK", "PAPER_LOW", "PAPER_OUT", "JAM", "FAULT"),
            Field.oneOf("cardReader", "card_reader", "OK", "FAULT"),
            Field.oneOf("screen", "screen", "OK", "FAULT"),
            Field.number("cpuTempC", "cpu_temp_c", -60, 150),
            Field.number("diskFreePct", "disk_free_pct", 0, 100),
            Field.number("networkLatencyMs", "network_latency_ms", 0, 600_000),
            Field.integer("transactions", "transactions", 0, 1_000_000))),

    PARCEL_LOCKER("telemetry_parcel_locker", List.of(
            Field.integer("compartmentsTotal", "compartments_total", 0, 10_000),
            Field.integer("compartmentsOccupied", "compartments_occupied", 0, 10_000),
            Field.integer("overdueParcels", "overdue_parcels", 0, 10_000),
            Field.number("temperatureC", "temperature_c", -60, 100),
            Field.oneOf("power", "power", "MAINS", "BATTERY"),
            Field.number("batteryPct", "battery_pct", 0, 100))),

    BROADCAST_UNIT("telemetry_broadcast_unit", List.of(
            Field.oneOf("amplifier", "amplifier", "OK", "FAULT"),
            Field.number("speakerOhms", "speaker_ohms", 0, 10_000),
            Field.number("volumePct", "volume_pct", 0, 100),
            Field.oneOf("power", "power", "MAINS", "BATTERY"),
            Field.number("batteryPct", "battery_pct", 0, 100))),

    ELDER_ALERT("telemetry_elder_alert", List.of(
            Field.number("batteryPct", "battery_pct", 0, 100),
            Field.bool("worn", "worn"),
            Field.timestamp("lastMotionTs", "last_motion_ts"),
            Field.number("heartRateBpm", "heart_rate_bpm", 0, 300)));

    private final String table;
    private final List<Field> fields;
    private final List<String> columns;
    private final String select;
    private final String count;

    TelemetryTable(String table, List<Field> fields) {
        this.table = table;
        this.fields = fields;
        this.columns = Stream.of(Stream.of("device_id", "ts", "seq", "received_at"),
                fields.stream().map(Field::column), Stream.of("extra")).flatMap(s -> s).toList();
        String columns = fields.stream().map(Field::column).collect(Collectors.joining(", "));
        this.select = "SELECT ts, seq, " + columns + ", extra FROM " + table
                + " WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, seq DESC LIMIT ? OFFSET ?";
        this.count = "SELECT count(*) FROM " + table + " WHERE device_id = ? AND ts >= ? AND ts < ?";
    }

    public static TelemetryTable of(DeviceClass deviceClass) {
        return switch (deviceClass) {
            case KIOSK -> KIOSK;
            case PARCEL_LOCKER -> PARCEL_LOCKER;
            case BROADCAST_UNIT -> BROADCAST_UNIT;
            case ELDER_ALERT -> ELDER_ALERT;
        };
    }

    public String table() {
        return table;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The columns a batch write fills, in order: device_id, ts, seq, received_at, the fields, extra. */
    List<String> columns() {
        return columns;
    }

    /** Readings of one device in [from, to), newest first. */
    String select() {
        return select;
    }

    /** How many readings one device has in [from, to). */
    String count() {
        return count;
    }
}
