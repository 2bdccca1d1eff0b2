package org.communityhub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kiosk telemetry a stream of {@link StreamPublisher} left in the database, for the tests that
 * run the packaged hub against their own services: how much is stored, waiting for it, and that
 * every message is there exactly once.
 */
public final class StoredTelemetry {

    private StoredTelemetry() {
    }

    /** Rows stored for these devices; -1 while the database is down (on purpose, in some tests). */
    public static int count(List<String> devices) {
        try (Connection connection = OwnServices.database()) {
            return (int) OwnServices.count(connection, "telemetry_kiosk", devices);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Waits until {@code count} rows are stored; on time-out says where the stream stood. */
    public static void await(List<String> devices, int count, int seconds, Supplier<String> whereItStood)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (count(devices) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stored " + count(devices) + " of " + count + " after " + seconds + " s; "
                        + whereItStood.get());
            }
            Thread.sleep(100);
        }
    }

    /** {@code total} messages, seq 0 to total / devices − 1 of each device, each stored once. */
    public static void assertExactlyOnce(List<String> devices, int total) throws SQLException {
        try (Connection connection = OwnServices.database();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT count(*), count(DISTINCT (device_id, seq)), min(seq), max(seq)
                          FROM telemetry_kiosk WHERE device_id = ANY (?)""")) {
            statement.setArray(1, connection.createArrayOf("text", devices.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                assertEquals(total, row.getInt(1), "rows stored");
                assertEquals(total, row.getInt(2), "distinct (device, seq)");
                assertEquals(0, row.getInt(3));
                assertEquals(total / devices.size() - 1, row.getInt(4));
            }
        }
    }
}
