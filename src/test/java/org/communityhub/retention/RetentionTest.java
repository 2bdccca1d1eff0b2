package org.communityhub.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.communityhub.database.Leases;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * Retention against the real TimescaleDB: old telemetry goes by whole chunks ({@code drop_chunks}),
 * old dead letters and transitions by their own periods, in bounded batches on plain tables; what
 * is younger stays. And one replica only trims per period.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class RetentionTest {

    @Inject
    Retention retention;

    @Inject
    Leases leases;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void oldDataGoesAndTheRestStays() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection connection = dataSource.getConnection()) {
            // telemetry: 400 days by default; two readings of 500 days ago, one of yesterday
            insert(connection, "INSERT INTO telemetry_kiosk (device_id, ts, seq) VALUES (?, ?, ?)", kiosk, now.minus(Duration.ofDays(500)), 1);
            insert(connection, "INSERT INTO telemetry_kiosk (device_id, ts, seq) VALUES (?, ?, ?)", kiosk,
                    now.minus(Duration.ofDays(500)).plusSeconds(3600), 2);
            insert(connection, "INSERT INTO telemetry_kiosk (device_id, ts, seq) VALUES (?, ?, ?)", kiosk, now.minus(Duration.ofDays(1)), 3);
            // transitions: 800 days
            for (Instant ts : List.of(now.minus(Duration.ofDays(900)), now.minus(Duration.ofDays(10)))) {
                insert(connection, "INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason) "
                        + "VALUES (?, ?, 'UNKNOWN', 'ONLINE', 'MESSAGE')", kiosk, ts, null);
            }
            // dead letters: 90 days; five old ones (three deletes of at most two in the tests), one recent
            for (int i = 0; i < 5; i++) {
                insert(connection, "INSERT INTO dead_letters (device_id, received_at, topic, reason) VALUES (?, ?, 't', 'MALFORMED_JSON')",
                        kiosk, now.minus(Duration.ofDays(100 + i)), null);
            }
            insert(connection, "INSERT INTO dead_letters (device_id, received_at, topic, reason) VALUES (?, ?, 't', 'MALFORMED_JSON')",
                    kiosk, now.minus(Duration.ofDays(2)), null);

            assertTrue(retention.trim(now) >= 1 + 1 + 5, "a chunk dropped, a transition's chunk dropped, five dead letters");

            assertEquals(List.of(3L), longs(connection, "SELECT seq FROM telemetry_kiosk WHERE device_id = ? ORDER BY seq", kiosk));
            assertEquals(1, longs(connection, "SELECT count(*) FROM connectivity_changes WHERE device_id = ?", kiosk).get(0));
            assertEquals(1, longs(connection, "SELECT count(*) FROM dead_letters WHERE device_id = ?", kiosk).get(0));
            assertEquals(0, retention.trim(now), "nothing more to trim");
        }
    }

    @Test
    void oneReplicaTrimsPerPeriod() throws Exception {
        String job = "test-" + System.nanoTime();
        Instant now = Instant.now();
        Duration hour = Duration.ofHours(1);
        // two replicas at the same moment: exactly one gets the period
        List<CompletableFuture<Boolean>> claims = new ArrayList<>();
        for (String replica : List.of("replica-a", "replica-b")) {
            claims.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return leases.claim(job, replica, hour, now);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        assertEquals(1, claims.stream().filter(CompletableFuture::join).count(), "one claim of two lands");
        assertFalse(leases.claim(job, "replica-a", hour, now.plus(Duration.ofMinutes(30))), "the period is taken");
        assertTrue(leases.claim(job, "replica-b", hour, now.plus(Duration.ofMinutes(61))), "the next period is free");
    }

    private static void insert(Connection connection, String sql, String device, Instant ts, Integer seq) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, device);
            statement.setTimestamp(2, Timestamp.from(ts));
            if (seq != null) {
                statement.setLong(3, seq);
            }
            statement.executeUpdate();
        }
    }

    private static List<Long> longs(Connection connection, String sql, String device) throws Exception {
        List<Long> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, device);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    values.add(row.getLong(1));
                }
            }
        }
        return values;
    }
}
