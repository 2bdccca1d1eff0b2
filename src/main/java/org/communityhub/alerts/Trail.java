package org.communityhub.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the alerts' trail as the delivery channels need it: every committed step in id order,
 * each with the alert as it was after the step. Trail ids are committed in order, so "after id N"
 * is a complete answer.
 */
public final class Trail {

    /** The columns {@link #change} reads, for queries that join the trail. */
    public static final String COLUMNS = "t.id AS event_id, t.at, t.action, t.actor, t.detail, t.area_code, t.alert";

    private static final String AFTER = "SELECT " + COLUMNS + " FROM alert_trail t WHERE t.id > ? ORDER BY t.id LIMIT ?";
    private static final String LATEST = "SELECT coalesce(max(id), 0) FROM alert_trail";

    private Trail() {
    }

    /** Up to {@code limit} steps after {@code eventId}, oldest first. */
    public static List<AlertChanged> after(Connection connection, long eventId, int limit, ObjectMapper json)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AFTER)) {
            statement.setLong(1, eventId);
            statement.setInt(2, limit);
            List<AlertChanged> steps = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    steps.add(change(row, json));
                }
            }
            return steps;
        }
    }

    /** The id of the newest step (0 when there is none): a new console starts after it. */
    public static long latestId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LATEST);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The step in the current row, read through {@link #COLUMNS}. */
    public static AlertChanged change(ResultSet row, ObjectMapper json) throws SQLException {
        try {
            return new AlertChanged(row.getLong("event_id"), row.getString("action"), row.getString("actor"),
                    row.getTimestamp("at").toInstant(), row.getString("detail"), row.getString("area_code"),
                    json.readValue(row.getString("alert"), Alert.class));
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored alert could not be read", e);
        }
    }
}
