package org.communityhub.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.DeviceEvent;

/**
 * How far the rules have seen the stored events ({@code alerting_progress}, written with the alerts
 * they raised): at start, events committed after it are shown to the rules again, so an SOS stored
 * just before a crash still raises its alert. Readings need no replay: the next one says the same.
 */
final class Replay {

    private Replay() {
    }

    /** The events received after the progress mark; on a database's first run, none (and the mark is set). */
    static List<Seen> eventsAfterProgress(Connection connection, ObjectMapper json, Instant now) throws SQLException {
        Instant progress = null;
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.PROGRESS);
                ResultSet row = statement.executeQuery()) {
            if (row.next()) {
                progress = row.getTimestamp(1).toInstant();
            }
        }
        if (progress == null) {
            saveProgress(connection, now);
            return List.of();
        }
        List<Seen> seen = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.EVENTS_AFTER)) {
            statement.setTimestamp(1, Timestamp.from(progress));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String body = row.getString("body");
                    DeviceEvent event = new DeviceEvent(row.getString("device_id"),
                            DeviceClass.valueOf(row.getString("device_class")), row.getTimestamp("ts").toInstant(),
                            row.getLong("seq"), row.getString("type"), body, row.getString("defect"));
                    seen.add(new Seen.Event(event, parse(json, body), row.getTimestamp("received_at").toInstant()));
                }
            }
        }
        return seen;
    }

    static void saveProgress(Connection connection, Instant progress) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.SAVE_PROGRESS)) {
            statement.setTimestamp(1, Timestamp.from(progress));
            statement.executeUpdate();
        }
    }

    static JsonNode parse(ObjectMapper json, String body) {
        if (body == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
