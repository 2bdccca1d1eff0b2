package org.communityhub.ingest;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Keeps every refused message with its reason, and counts them per reason. */
@ApplicationScoped
public class DeadLetters {

    private static final String INSERT = """
            INSERT INTO dead_letters (received_at, topic, device_id, reason, detail, payload)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    private final AgroalDataSource dataSource;
    private final MeterRegistry metrics;
    private final IngestConfig config;

    DeadLetters(AgroalDataSource dataSource, MeterRegistry metrics, IngestConfig config) {
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.config = config;
    }

    public void record(Instant receivedAt, String topic, String deviceId, Rejected rejected, byte[] payload)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setTimestamp(1, Timestamp.from(receivedAt));
            statement.setString(2, topic);
            statement.setString(3, deviceId);
            statement.setString(4, rejected.reason().name());
            statement.setString(5, rejected.getMessage());
            statement.setString(6, truncated(payload, config.ingest().deadLetterPayloadChars()));
            statement.executeUpdate();
        }
        metrics.counter("hub.ingest.dead.letters", "reason", rejected.reason().name()).increment();
    }

    static String truncated(byte[] payload, int maxChars) {
        // Decoding replaces invalid UTF-8; the database refuses NUL characters in text.
        String text = new String(payload, 0, Math.min(payload.length, maxChars * 4), StandardCharsets.UTF_8)
                .replace('\0', '\uFFFD');
        return text.length() <= maxChars ? text : text.substring(0, maxChars);
    }
}
