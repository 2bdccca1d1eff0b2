package org.communityhub.notify;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.communityhub.database.Columns;
import org.communityhub.alerts.Severity;

/** The webhooks table and the delivery log, over JDBC. */
@ApplicationScoped
public class Webhooks {

    /** One delivery of one alert change to one webhook, as the log shows it. */
    public record Delivery(long id, long eventId, String state, int attempts, Instant nextAttemptAt,
            Integer lastStatus, String lastError, Instant deliveredAt, Instant createdAt) {
    }

    private static final String COLUMNS = "SELECT id, area_code, url, format, min_severity, enabled, created_by,"
            + " created_at FROM webhooks";

    private final AgroalDataSource dataSource;

    Webhooks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Webhook create(String areaCode, String areaPrefix, String url, WebhookFormat format, String secret,
            Severity minSeverity, String user) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO webhooks (area_code, area_prefix, url, format, secret, min_severity, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                        """)) {
            statement.setString(1, areaCode);
            statement.setString(2, areaPrefix);
            statement.setString(3, url);
            statement.setString(4, format.name());
            statement.setString(5, secret);
            statement.setString(6, minSeverity.name());
            statement.setString(7, user);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return find(row.getLong(1)).orElseThrow();
            }
        }
    }

    List<Webhook> list() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COLUMNS + " ORDER BY id");
                ResultSet row = statement.executeQuery()) {
            List<Webhook> webhooks = new ArrayList<>();
            while (row.next()) {
                webhooks.add(webhook(row));
            }
            return webhooks;
        }
    }

    Optional<Webhook> find(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COLUMNS + " WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(webhook(row)) : Optional.empty();
            }
        }
    }

    boolean delete(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM webhooks WHERE id = ?")) {
            statement.setLong(1, id);
            return statement.executeUpdate() == 1;
        }
    }

    /** The webhook's deliveries, newest first. */
    List<Delivery> deliveries(long webhookId, int limit, long offset) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT id, event_id, state, attempts, next_attempt_at, last_status, last_error, delivered_at,
                               created_at
                          FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ? OFFSET ?
                        """)) {
            statement.setLong(1, webhookId);
            statement.setInt(2, limit);
            statement.setLong(3, offset);
            try (ResultSet row = statement.executeQuery()) {
                List<Delivery> deliveries = new ArrayList<>();
                while (row.next()) {
                    deliveries.add(new Delivery(row.getLong("id"), row.getLong("event_id"), row.getString("state"),
                            row.getInt("attempts"), row.getTimestamp("next_attempt_at").toInstant(),
                            (Integer) row.getObject("last_status"), row.getString("last_error"),
                            Columns.instant(row, "delivered_at"),
                            row.getTimestamp("created_at").toInstant()));
                }
                return deliveries;
            }
        }
    }

    long countDeliveries(long webhookId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?")) {
            statement.setLong(1, webhookId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Webhook webhook(ResultSet row) throws SQLException {
        return new Webhook(row.getLong("id"), row.getString("area_code"), row.getString("url"),
                WebhookFormat.valueOf(row.getString("format")), Severity.valueOf(row.getString("min_severity")),
                row.getBoolean("enabled"), row.getString("created_by"), row.getTimestamp("created_at").toInstant());
    }
}
