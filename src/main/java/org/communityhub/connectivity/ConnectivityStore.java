package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.communityhub.database.Columns;
import org.communityhub.database.Unnest;
import org.communityhub.reports.UptimeDays;

/**
 * Device state, connectivity history and the hub's own runs, over JDBC. Many rows are written with
 * one statement each, their values passed as arrays ({@link Unnest}).
 */
@ApplicationScoped
public class ConnectivityStore {

    private final AgroalDataSource dataSource;
    private final UptimeDays uptimeDays;

    ConnectivityStore(AgroalDataSource dataSource, UptimeDays uptimeDays) {
        this.dataSource = dataSource;
        this.uptimeDays = uptimeDays;
    }

    public Map<String, Links.Link> load() throws SQLException {
        Map<String, Links.Link> links = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.LOAD)) {
            statement.setFetchSize(10_000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String reason = row.getString("connectivity_reason");
                    links.put(row.getString("device_id"), new Links.Link(
                            LinkState.valueOf(row.getString("connectivity")),
                            Columns.instant(row, "connectivity_since"),
                            reason == null ? null : Change.Reason.valueOf(reason),
                            Columns.instant(row, "last_seen")));
                }
            }
        }
        return links;
    }

    /** Stores connectivity changes, and the links of the devices they changed, in the caller's transaction. */
    void write(Connection connection, List<Change> changes, Map<String, Links.Link> changed) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        Unnest.execute(connection, ConnectivityQueries.INSERT_CHANGES, Unnest.columns(changes, Change::deviceId,
                change -> Unnest.text(change.at()), change -> change.from().name(), change -> change.to().name(),
                change -> change.reason().name()));
        Unnest.execute(connection, ConnectivityQueries.UPSERT_STATE, Unnest.columns(inDeviceOrder(changed), Map.Entry::getKey,
                link -> Unnest.text(link.getValue().lastSeen()), link -> link.getValue().state().name(),
                link -> Unnest.text(link.getValue().since()),
                link -> link.getValue().reason() == null ? null : link.getValue().reason().name()));
        uptimeDays.forget(connection, changes.stream().map(Change::deviceId).toList(),
                changes.stream().map(Change::at).toList());
    }

    /** Stores last-seen times in the caller's transaction; a stored time is never moved back. */
    void saveLastSeen(Connection connection, Map<String, Instant> lastSeen) throws SQLException {
        if (lastSeen.isEmpty()) {
            return;
        }
        Unnest.execute(connection, ConnectivityQueries.UPSERT_LAST_SEEN, Unnest.columns(inDeviceOrder(lastSeen), Map.Entry::getKey,
                entry -> Unnest.text(entry.getValue())));
    }

    /** The last moment any earlier run of the hub was known to be alive. */
    Optional<Instant> lastAlive() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.LAST_ALIVE);
                ResultSet row = statement.executeQuery()) {
            row.next();
            Timestamp value = row.getTimestamp(1);
            return Optional.ofNullable(value).map(Timestamp::toInstant);
        }
    }

    long startRun(String instance, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.START_RUN)) {
            statement.setString(1, instance);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    void alive(Connection connection, long run, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.ALIVE)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setLong(2, run);
            statement.executeUpdate();
        }
    }

    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction of its own, committed at the end, rolled back on failure. */
    void inTransaction(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken anyway
                }
                throw e;
            }
        }
    }

    /** Sorted by device id, so that two transactions writing the same rows lock them in the same order. */
    private static <V> List<Map.Entry<String, V>> inDeviceOrder(Map<String, V> byDevice) {
        return new ArrayList<>(new TreeMap<>(byDevice).entrySet());
    }
}
