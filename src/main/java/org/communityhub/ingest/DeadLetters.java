package org.communityhub.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Writes refused messages, with their reason, in the ingest writer's transaction. */
final class DeadLetters {

    /** A refused message. */
    record DeadLetter(Instant receivedAt, String topic, String deviceId, Reason reason, String detail, byte[] payload) {
    }

    private static final String INSERT = """
            INSERT INTO dead_letters (received_at, topic, device_id, reason, detail, payload)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    private DeadLetters() {
    }

    static void write(Connection connection, List<DeadLetter> letters, int maxPayloadChars) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (DeadLetter letter : letters) {
                statement.setTimestamp(1, Timestamp.from(letter.receivedAt()));
                statement.setString(2, clean(letter.topic(), 1024));
                statement.setString(3, letter.deviceId());
                statement.setString(4, letter.reason().name());
                statement.setString(5, clean(letter.detail(), 2000));
                statement.setString(6, truncated(letter.payload(), maxPayloadChars));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    static String truncated(byte[] payload, int maxChars) {
        // Decoding replaces invalid UTF-8; the database refuses NUL characters in text.
        String text = new String(payload, 0, Math.min(payload.length, maxChars * 4), StandardCharsets.UTF_8);
        return clean(text, maxChars);
    }

    private static String clean(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        String clean = StoredJson.storable(text);
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars);
    }
}
