package org.communityhub.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.communityhub.database.Columns;
import org.communityhub.devices.DeviceDirectory;

/**
 * The alerts tables over JDBC, in the caller's transaction: raising (the unique index decides
 * between a new alert and a repeated trigger), reopening, resolving, the trail, conditions.
 * Every step of an alert writes its trail row here, and the caller publishes it after the commit.
 */
@ApplicationScoped
public class AlertStore {

    /** A device's condition of one rule. */
    public record Key(String deviceId, String rule) {
    }

    private final ObjectMapper json;

    AlertStore(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Raises the rule's alert for the device: reopens the one resolved within {@code reopenWithin},
     * else opens one or counts a repeat on the active one. Empty when the trigger is a redelivery.
     */
    Optional<AlertChanged> raise(Connection connection, DeviceDirectory.Entry device, Rule rule, String detail,
            String defect, Instant triggerTs, Long triggerSeq, Instant now, Duration reopenWithin) throws SQLException {
        try (PreparedStatement reopen = connection.prepareStatement(AlertQueries.REOPEN)) {
            reopen.setTimestamp(1, Timestamp.from(now));
            reopen.setString(2, detail);
            reopen.setString(3, defect);
            Columns.setInstant(reopen, 4, triggerTs);
            Columns.setLong(reopen, 5, triggerSeq);
            reopen.setString(6, device.id());
            reopen.setString(7, rule.id());
            reopen.setTimestamp(8, Timestamp.from(now.minus(reopenWithin)));
            reopen.setString(9, device.id());
            reopen.setString(10, rule.id());
            try (ResultSet row = reopen.executeQuery()) {
                if (row.next()) {
                    Alert alert = Alert.of(row);
                    return Optional.of(trail(connection, alert, "REOPENED", "hub", AlertState.RESOLVED, now,
                            "the condition came back: " + detail, alert.areaCode()));
                }
            }
        }
        try (PreparedStatement raise = connection.prepareStatement(AlertQueries.RAISE)) {
            raise.setString(1, device.id());
            raise.setString(2, device.areaCode());
            raise.setString(3, device.deviceClass().name());
            raise.setString(4, rule.id());
            raise.setString(5, rule.type());
            raise.setString(6, rule.tuning().severity().name());
            raise.setTimestamp(7, Timestamp.from(now));
            raise.setTimestamp(8, Timestamp.from(now));
            raise.setString(9, detail);
            raise.setString(10, defect);
            Columns.setInstant(raise, 11, triggerTs);
            Columns.setLong(raise, 12, triggerSeq);
            try (ResultSet row = raise.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Alert alert = Alert.of(row);
                boolean inserted = row.getBoolean("inserted");
                return Optional.of(trail(connection, alert, inserted ? "RAISED" : "REPEATED", "hub",
                        inserted ? null : alert.state(), now, detail, alert.areaCode()));
            }
        }
    }

    /** Resolves the device's active alert of the rule, if there is one, because its condition cleared. */
    Optional<AlertChanged> autoResolve(Connection connection, String deviceId, String rule, String resolution,
            Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.AUTO_RESOLVE)) {
            statement.setString(1, deviceId);
            statement.setString(2, rule);
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, resolution);
            statement.setTimestamp(5, Timestamp.from(now));
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Alert alert = Alert.of(row);
                return Optional.of(trail(connection, alert, "AUTO_RESOLVED", "hub",
                        AlertState.valueOf(row.getString("from_state")), now, resolution, alert.areaCode()));
            }
        }
    }

    /**
     * Writes one step of the alert's trail, and the deliveries it owes the webhooks; the returned
     * change is published once the transaction commits.
     */
    AlertChanged trail(Connection connection, Alert alert, String action, String actor, AlertState from,
            Instant at, String detail, String areaCode) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute(AlertQueries.TRAIL_LOCK);
        }
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.TRAIL)) {
            statement.setLong(1, alert.id());
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setString(3, action);
            statement.setString(4, actor);
            statement.setString(5, from == null ? null : from.name());
            statement.setString(6, alert.state().name());
            statement.setString(7, detail);
            statement.setString(8, areaCode);
            statement.setString(9, toJson(alert));
            long eventId;
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                eventId = row.getLong(1);
            }
            try (PreparedStatement owe = connection.prepareStatement(AlertQueries.OWE_WEBHOOKS)) {
                owe.setLong(1, eventId);
                owe.setString(2, alert.areaCode());
                owe.setString(3, alert.severity().name());
                owe.executeUpdate();
            }
            return new AlertChanged(eventId, action, actor, at, detail, areaCode, alert);
        }
    }

    Optional<Alert> find(Connection connection, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                forUpdate ? AlertQueries.LOCK_FOR_ACTION : AlertQueries.FIND)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(Alert.of(row)) : Optional.empty();
            }
        }
    }

    /** Writes an alert's changed fields with {@code update} (bound by {@link AlertActions#bind}); returns it as stored. */
    Alert updated(Connection connection, String update, Alert alert) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            AlertActions.bind(statement, alert);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return Alert.of(row);
            }
        }
    }

    /** The stored conditions of one device. */
    Map<Key, Condition> conditions(Connection connection, String deviceId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.CONDITIONS_OF_DEVICE)) {
            statement.setString(1, deviceId);
            return conditions(statement);
        }
    }

    /** The conditions of these devices, locked in the caller's transaction. */
    Map<Key, Condition> conditionsToEvaluate(Connection connection, Collection<String> deviceIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.CONDITIONS_TO_EVALUATE)) {
            statement.setArray(1, connection.createArrayOf("text", deviceIds.toArray()));
            return conditions(statement);
        }
    }

    /** The conditions being timed (not fired) that no other evaluation holds, locked in the caller's transaction. */
    Map<Key, Condition> timedConditions(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.CONDITIONS_TIMED)) {
            return conditions(statement);
        }
    }

    private static Map<Key, Condition> conditions(PreparedStatement statement) throws SQLException {
        Map<Key, Condition> conditions = new HashMap<>();
        statement.setFetchSize(10_000);
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                conditions.put(new Key(row.getString("device_id"), row.getString("rule")), new Condition(
                        Columns.instant(row, "since"), Duration.ofMillis(row.getLong("accrued_ms")),
                        row.getString("detail"), Condition.Status.valueOf(row.getString("status"))));
            }
        }
        return conditions;
    }

    /** Stores the conditions (null: the condition no longer holds). */
    void saveConditions(Connection connection, Map<Key, Condition> changed) throws SQLException {
        try (PreparedStatement save = connection.prepareStatement(AlertQueries.SAVE_CONDITION);
                PreparedStatement delete = connection.prepareStatement(AlertQueries.DELETE_CONDITION)) {
            for (Map.Entry<Key, Condition> entry : changed.entrySet()) {
                Condition condition = entry.getValue();
                if (condition == null) {
                    delete.setString(1, entry.getKey().deviceId());
                    delete.setString(2, entry.getKey().rule());
                    delete.addBatch();
                } else {
                    save.setString(1, entry.getKey().deviceId());
                    save.setString(2, entry.getKey().rule());
                    Columns.setInstant(save, 3, condition.since());
                    save.setLong(4, condition.accrued().toMillis());
                    save.setString(5, condition.detail());
                    save.setString(6, condition.status().name());
                    save.addBatch();
                }
            }
            save.executeBatch();
            delete.executeBatch();
        }
    }

    void suppressed(Connection connection, Key key, Instant at, long windowId, String detail) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.SUPPRESSED)) {
            statement.setString(1, key.deviceId());
            statement.setString(2, key.rule());
            statement.setTimestamp(3, Timestamp.from(at));
            statement.setLong(4, windowId);
            statement.setString(5, detail);
            statement.executeUpdate();
        }
    }

    String toJson(Alert alert) {
        try {
            return json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert could not be written as JSON", e);
        }
    }

}
