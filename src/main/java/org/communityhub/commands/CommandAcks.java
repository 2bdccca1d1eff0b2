package org.communityhub.commands;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Devices' answers to commands, applied in the ingestion's transaction: ACCEPTED from PENDING or
 * SENT (an answer can overtake the broker's PUBACK), then DONE or FAILED; or REJECTED. A command that
 * has ended stays as it ended, so a redelivered answer changes nothing.
 */
@ApplicationScoped
public class CommandAcks {

    private static final String OWNER = "SELECT device_id FROM commands WHERE command_id = ?";

    private static final String APPLY = """
            WITH ack (result, at, detail) AS (VALUES (?::text, ?::timestamptz, ?::text))
            UPDATE commands c
               SET state = ack.result,
                   sent_at = coalesce(c.sent_at, ack.at),
                   accepted_at = CASE WHEN ack.result = 'ACCEPTED' THEN ack.at ELSE c.accepted_at END,
                   ended_at = CASE WHEN ack.result <> 'ACCEPTED' THEN ack.at ELSE c.ended_at END,
                   detail = coalesce(ack.detail, c.detail)
              FROM ack
             WHERE c.command_id = ? AND c.device_id = ?
               AND (c.state IN ('PENDING', 'SENT') OR (c.state = 'ACCEPTED' AND ack.result <> 'ACCEPTED'))
            """;

    private final AgroalDataSource dataSource;

    CommandAcks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The device a command was for; empty when there is no such command. */
    public Optional<String> deviceOf(UUID commandId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(OWNER)) {
            statement.setObject(1, commandId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Applies the answers in {@code connection}'s transaction. */
    public void write(Connection connection, List<CommandAck> acks) throws SQLException {
        if (acks.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(APPLY)) {
            for (CommandAck ack : acks) {
                statement.setString(1, ack.result().name());
                statement.setTimestamp(2, Timestamp.from(ack.receivedAt()));
                statement.setString(3, ack.detail());
                statement.setObject(4, ack.commandId());
                statement.setString(5, ack.deviceId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
