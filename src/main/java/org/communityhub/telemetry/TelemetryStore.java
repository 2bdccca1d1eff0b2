package org.communityhub.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Formats readings and events for COPY, writes them into their hypertables in the ingest writer's
 * transaction ({@link Staging}), and reads readings back for the API.
 */
@ApplicationScoped
public class TelemetryStore {

    private static final List<String> EVENT_COLUMNS =
            List.of("device_id", "ts", "seq", "received_at", "device_class", "type", "body", "defect");

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    TelemetryStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Readings and events formatted for COPY, per table, added message by message: what
     * {@link #write} stores. Needs no database, so it is built ahead of the writer.
     */
    public static final class Rows {
        private final Map<TelemetryTable, CopyText> readings = new EnumMap<>(TelemetryTable.class);
        private final CopyText events = new CopyText(4096);

        /**
         * Adds one message's readings (all of one device, so of one table), or its event; all of them
         * or, when one cannot be formatted, none.
         */
        public void add(List<Reading> messageReadings, DeviceEvent event, Instant receivedAt) {
            CopyText text = messageReadings.isEmpty() ? null
                    : readings.computeIfAbsent(messageReadings.get(0).table(), t -> new CopyText(64 * 1024));
            long textMark = text == null ? 0 : text.mark();
            long eventsMark = events.mark();
            try {
                for (Reading reading : messageReadings) {
                    if (reading.table() != messageReadings.get(0).table()) {
                        throw new IllegalArgumentException("one message's readings must be of one table");
                    }
                    text.add(row(reading, receivedAt));
                }
                if (event != null) {
                    events.add(new Object[] {event.deviceId(), event.ts(), event.seq(), receivedAt,
                        event.deviceClass().name(), event.type(), event.bodyJson(), event.defect()});
                }
            } catch (RuntimeException e) {
                if (text != null) {
                    text.truncate(textMark);
                }
                events.truncate(eventsMark);
                throw e;
            }
        }

        private static Object[] row(Reading reading, Instant receivedAt) {
            Object[] row = new Object[reading.table().columns().size()];
            row[0] = reading.deviceId();
            row[1] = reading.ts();
            row[2] = reading.seq();
            row[3] = receivedAt;
            for (int f = 0; f < reading.values().size(); f++) {
                row[4 + f] = reading.values().get(f);
            }
            row[row.length - 1] = reading.extraJson();
            return row;
        }
    }

    /** How many readings (per table) and events were new, not redeliveries. */
    public record Stored(Map<TelemetryTable, Integer> readings, int events) {
    }

    /** Stores formatted rows in the caller's transaction. */
    public Stored write(Connection connection, Rows rows) throws SQLException {
        Map<TelemetryTable, Integer> readings = new EnumMap<>(TelemetryTable.class);
        for (Map.Entry<TelemetryTable, CopyText> table : rows.readings.entrySet()) {
            readings.put(table.getKey(),
                    Staging.merge(connection, table.getKey().table(), table.getKey().columns(), table.getValue()));
        }
        return new Stored(readings, Staging.merge(connection, "events", EVENT_COLUMNS, rows.events));
    }

    /** Readings of one device in [from, to), newest first, as the API shows them. */
    public List<ObjectNode> read(TelemetryTable table, String deviceId, Instant from, Instant to, int limit,
            long offset) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(table.select())) {
            statement.setString(1, deviceId);
            statement.setTimestamp(2, Timestamp.from(from));
            statement.setTimestamp(3, Timestamp.from(to));
            statement.setInt(4, limit);
            statement.setLong(5, offset);
            List<ObjectNode> items = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    items.add(item(table, row));
                }
            }
            return items;
        }
    }

    /** How many readings one device has in [from, to). */
    public long count(TelemetryTable table, String deviceId, Instant from, Instant to) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(table.count())) {
            statement.setString(1, deviceId);
            statement.setTimestamp(2, Timestamp.from(from));
            statement.setTimestamp(3, Timestamp.from(to));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private ObjectNode item(TelemetryTable table, ResultSet row) throws SQLException {
        ObjectNode item = json.createObjectNode();
        item.put("ts", row.getObject("ts", OffsetDateTime.class).toInstant().toString());
        item.put("seq", row.getLong("seq"));
        for (Field field : table.fields()) {
            Object value = row.getObject(field.column());
            if (value == null) {
                continue;
            }
            switch (field.type()) {
                case ENUM -> item.put(field.name(), (String) value);
                // real columns: print the float as stored (21.7, not 21.700000762939453)
                case NUMBER -> item.put(field.name(), Double.parseDouble(value.toString()));
                case INTEGER -> item.put(field.name(), ((Number) value).longValue());
                case BOOLEAN -> item.put(field.name(), (Boolean) value);
                case TIMESTAMP -> item.put(field.name(),
                        row.getObject(field.column(), OffsetDateTime.class).toInstant().toString());
            }
        }
        String extra = row.getString("extra");
        if (extra != null) {
            try {
                Iterator<Map.Entry<String, JsonNode>> fields =
                        json.readTree(extra).fields();
                fields.forEachRemaining(entry -> {
                    if (!item.has(entry.getKey())) {
                        item.set(entry.getKey(), entry.getValue());
                    }
                });
            } catch (JsonProcessingException e) {
                throw new SQLException("extra of " + table.table() + " is not JSON", e);
            }
        }
        return item;
    }
}
