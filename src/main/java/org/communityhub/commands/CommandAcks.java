package org.communityhub.commands;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Devices' answers to commands, applied in the ingestion's transaction: ACCEPTED from PENDING or
 * SENT (an answer can overtake the broker's PUBACK), then DONE or FAILED; or REJECTED. A command that
 * has ended stays as it ended, so a redelivered answer changes nothing. A broadcast unit's playback
 * events naming a PLAY are kept on it the same way, first time only (a playback of a command of
 * another device changes nothing).
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

    /** A playback event's time, kept once: the first PLAYBACK_STARTED, the first PLAYBACK_ENDED. */
    private static final String PLAYED = """
            UPDATE commands SET started_at = CASE WHEN ? THEN started_at ELSE coalesce(started_at, ?) END,
                                played_at = CASE WHEN ? THEN coalesce(played_at, ?) ELSE played_at END
             WHERE command_id = ? AND device_id = ? AND broadcast_id IS NOT NULL
            """;

    private final AgroalDataSource dataSource;

    CommandAcks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The devices of the commands sent lately (the dispatch tells), so that the answers to a broadcast
     * to 12,200 units cost no query each on the ingestion's decoder thread; bounded, oldest out.
     */
    private final Map<UUID, String> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
                    return size() > RECENT;
                }
            });
    private static final int RECENT = 50_000;

    /** The dispatch published command {@code commandId} to {@code deviceId}. */
    void sent(UUID commandId, String deviceId) {
        recent.put(commandId, deviceId);
    }

    /** The device a command was for; empty when there is no such command. */
    public Optional<String> deviceOf(UUID commandId) throws SQLException {
        String known = recent.get(commandId);
        if (known != null) {
            return Optional.of(known);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(OWNER)) {
            statement.setObject(1, commandId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Applies what devices reported of their commands in {@code connection}'s transaction. */
    public void write(Connection connection, List<CommandProgress> reports) throws SQLException {
        if (reports.isEmpty()) {
            return;
        }
        // rows are locked in command id order, as the dispatch's SENT updates lock them: no deadlock
        List<CommandProgress> ordered = new java.util.ArrayList<>(reports);
        ordered.sort(java.util.Comparator.comparing(CommandAcks::commandId));
        try (PreparedStatement answers = connection.prepareStatement(APPLY);
                PreparedStatement playbacks = connection.prepareStatement(PLAYED)) {
            for (CommandProgress report : ordered) {
                if (report instanceof CommandAck ack) {
                    answers.setString(1, ack.result().name());
                    answers.setTimestamp(2, Timestamp.from(ack.receivedAt()));
                    answers.setString(3, ack.detail());
                    answers.setObject(4, ack.commandId());
                    answers.setString(5, ack.deviceId());
                    answers.addBatch();
                } else if (report instanceof Playback playback) {
                    Timestamp at = Timestamp.from(playback.receivedAt());
                    playbacks.setBoolean(1, playback.ended());
                    playbacks.setTimestamp(2, at);
                    playbacks.setBoolean(3, playback.ended());
                    playbacks.setTimestamp(4, at);
                    playbacks.setObject(5, playback.commandId());
                    playbacks.setString(6, playback.deviceId());
                    playbacks.addBatch();
                }
            }
            answers.executeBatch();
            playbacks.executeBatch();
        }
    }

    private static UUID commandId(CommandProgress report) {
        return report instanceof CommandAck ack ? ack.commandId() : ((Playback) report).commandId();
    }
}
