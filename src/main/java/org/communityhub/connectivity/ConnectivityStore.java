package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
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

/**
 * Device state, connectivity history and the hub's own runs, over JDBC. Many rows are written with
 * one statement each, their values passed as arrays ({@code unnest}).
 */
@ApplicationScoped
public class ConnectivityStore {

    private final AgroalDataSource dataSource;

    ConnectivityStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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
                            instant(row, "connectivity_since"),
                            reason == null ? null : Change.Reason.valueOf(reason),
                            instant(row, "last_seen")));
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
        int n = changes.size();
        String[] devices = new String[n];
        String[] times = new String[n];
        String[] from = new String[n];
        String[] to = new String[n];
        String[] reasons = new String[n];
        for (int i = 0; i < n; i++) {
            Change change = changes.get(i);
            devices[i] = change.deviceId();
            times[i] = change.at().toString();
            from[i] = change.from().name();
            to[i] = change.to().name();
            reasons[i] = change.reason().name();
        }
        execute(connection, ConnectivityQueries.INSERT_CHANGES, devices, times, from, to, reasons);

        Map<String, Links.Link> sorted = new TreeMap<>(changed);
        List<String[]> state = columns(5, sorted.size());
        int i = 0;
        for (Map.Entry<String, Links.Link> entry : sorted.entrySet()) {
            Links.Link link = entry.getValue();
            state.get(0)[i] = entry.getKey();
            state.get(1)[i] = text(link.lastSeen());
            state.get(2)[i] = link.state().name();
            state.get(3)[i] = text(link.since());
            state.get(4)[i] = link.reason() == null ? null : link.reason().name();
            i++;
        }
        execute(connection, ConnectivityQueries.UPSERT_STATE, state.toArray(String[][]::new));
    }

    /** Stores last-seen times in the caller's transaction; a stored time is never moved back. */
    void saveLastSeen(Connection connection, Map<String, Instant> lastSeen) throws SQLException {
        if (lastSeen.isEmpty()) {
            return;
        }
        Map<String, Instant> sorted = new TreeMap<>(lastSeen);
        String[] devices = sorted.keySet().toArray(String[]::new);
        String[] times = sorted.values().stream().map(ConnectivityStore::text).toArray(String[]::new);
        execute(connection, ConnectivityQueries.UPSERT_LAST_SEEN, devices, times);
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

    private static void execute(Connection connection, String sql, String[]... columns) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<Array> arrays = new ArrayList<>(columns.length);
            for (int c = 0; c < columns.length; c++) {
                Array array = connection.createArrayOf("text", columns[c]);
                arrays.add(array);
                statement.setArray(c + 1, array);
            }
            statement.executeUpdate();
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    private static List<String[]> columns(int count, int rows) {
        List<String[]> columns = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            columns.add(new String[rows]);
        }
        return columns;
    }

    /** ISO-8601 in UTC, which PostgreSQL reads as a timestamptz whatever the session's time zone. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
