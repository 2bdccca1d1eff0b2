package org.communityhub.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes readings into the per-class telemetry tables and reads them back, over JDBC. */
@ApplicationScoped
public class TelemetryStore {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    TelemetryStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Stores the readings in one transaction; redeliveries are skipped.
     *
     * @return how many readings were new
     */
    public int write(List<Reading> readings) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int stored = 0;
                for (Reading reading : readings) {
                    stored += insert(connection, reading);
                }
                connection.commit();
                return stored;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static int insert(Connection connection, Reading reading) throws SQLException {
        TelemetryTable table = reading.table();
        try (PreparedStatement statement = connection.prepareStatement(table.insert())) {
            int i = 1;
            statement.setString(i++, reading.deviceId());
            statement.setObject(i++, OffsetDateTime.ofInstant(reading.ts(), ZoneOffset.UTC));
            statement.setLong(i++, reading.seq());
            for (int f = 0; f < table.fields().size(); f++) {
                setValue(statement, i++, table.fields().get(f), reading.values().get(f));
            }
            statement.setString(i, reading.extraJson());
            return statement.executeUpdate();
        }
    }

    private static void setValue(PreparedStatement statement, int index, Field field, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, switch (field.type()) {
                case ENUM -> Types.VARCHAR;
                case NUMBER -> Types.REAL;
                case INTEGER -> Types.INTEGER;
                case BOOLEAN -> Types.BOOLEAN;
                case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
            });
            return;
        }
        switch (field.type()) {
            case ENUM -> statement.setString(index, (String) value);
            case NUMBER -> statement.setFloat(index, ((Number) value).floatValue());
            case INTEGER -> statement.setInt(index, ((Number) value).intValue());
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case TIMESTAMP -> statement.setObject(index, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
        }
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
                Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields =
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
