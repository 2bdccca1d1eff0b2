package org.communityhub.commands;

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.communityhub.api.Filters;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.database.Columns;

/** The commands table: create, read, and the steps of a command's life. */
@ApplicationScoped
public class Commands {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    Commands(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    Command create(String deviceId, CommandType type, JsonNode params, Instant expiresAt, String user) throws SQLException {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CommandQueries.CREATE)) {
            statement.setObject(1, id);
            statement.setString(2, deviceId);
            statement.setString(3, type.name());
            statement.setString(4, params == null ? "{}" : params.toString());
            statement.setTimestamp(5, Timestamp.from(now));
            statement.setString(6, user);
            statement.setTimestamp(7, Timestamp.from(expiresAt.truncatedTo(ChronoUnit.MICROS)));
            statement.executeUpdate();
        }
        return find(id).orElseThrow();
    }

    Optional<Command> find(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CommandQueries.FIND)) {
            statement.setObject(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(command(row)) : Optional.empty();
            }
        }
    }

    Listing<Command> ofDevice(String deviceId, Paging paging) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Filters.page(connection, CommandQueries.OF_DEVICE, CommandQueries.COUNT_OF_DEVICE,
                    new Object[] {deviceId}, paging, this::command);
        }
    }

    /**
     * Waiting commands of devices that are online now, but {@code inFlight}, at most {@code limit},
     * oldest first, claimed by {@code replica} for {@code claim} (CommandQueries.DUE).
     */
    List<Command> due(Instant now, int limit, java.util.Collection<UUID> inFlight, String replica, Duration claim)
            throws SQLException {
        List<Command> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CommandQueries.DUE)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setArray(2, connection.createArrayOf("uuid", inFlight.toArray()));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, replica);
            statement.setInt(5, limit);
            statement.setString(6, replica);
            statement.setTimestamp(7, Timestamp.from(now.plus(claim)));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    due.add(command(row));
                }
            }
        }
        due.sort(java.util.Comparator.comparing(Command::createdAt).thenComparing(command -> command.commandId().toString()));
        return due;
    }

    /** A command the broker took at {@code at}. */
    record Taken(UUID id, Instant at) {
    }

    /** The broker took the commands: SENT, each with its time, in one transaction. */
    void sent(List<Taken> taken) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(CommandQueries.LOCK_TAKEN);
                    PreparedStatement mark = connection.prepareStatement(CommandQueries.SENT)) {
                java.sql.Array ids = connection.createArrayOf("uuid", taken.stream().map(Taken::id).toArray());
                lock.setArray(1, ids);
                lock.executeQuery().close();
                mark.setArray(1, ids);
                mark.setArray(2, connection.createArrayOf("timestamptz",
                        taken.stream().map(t -> Timestamp.from(t.at())).toArray()));
                mark.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Sent commands of these devices that were never answered wait again; returns how many. */
    int resend(List<String> deviceIds, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CommandQueries.RESEND)) {
            statement.setArray(1, connection.createArrayOf("text", deviceIds.toArray()));
            statement.setTimestamp(2, Timestamp.from(now));
            return statement.executeUpdate();
        }
    }

    /** Waiting commands whose expiry passed: EXPIRED; returns how many. */
    int expire(Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CommandQueries.EXPIRE)) {
            statement.setTimestamp(1, Timestamp.from(now));
            return statement.executeUpdate();
        }
    }

    /** What the device receives on {@code hub/v1/{id}/command}. */
    String payload(Command command) {
        ObjectNode payload = json.createObjectNode().put("commandId", command.commandId().toString())
                .put("type", command.type());
        payload.set("params", command.params());
        return payload.put("expiresAt", command.expiresAt().toString()).toString();
    }

    private Command command(ResultSet row) throws SQLException {
        JsonNode params;
        try {
            params = json.readTree(row.getString("params"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("commands.params holds jsonb", e);
        }
        return new Command(row.getObject("command_id", UUID.class), row.getString("device_id"), row.getString("type"),
                params, row.getString("state"), Columns.instant(row, "created_at"), row.getString("created_by"),
                Columns.instant(row, "expires_at"), Columns.instant(row, "sent_at"), Columns.instant(row, "accepted_at"),
                Columns.instant(row, "ended_at"), row.getString("detail"));
    }
}
