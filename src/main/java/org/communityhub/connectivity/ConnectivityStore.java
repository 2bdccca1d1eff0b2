package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
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
        try (Connection connection = dataSource.getConnection()) {
            return load(connection);
        }
    }

    Map<String, Links.Link> load(Connection connection) throws SQLException {
        Map<String, Links.Link> links = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.LOAD)) {
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

    /** Writes the replica down as joining under {@code clientId}; returns since when it heard nothing. */
    Instant join(String clientId, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.JOIN)) {
            statement.setString(1, clientId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return Columns.instant(row, "since");
            }
        }
    }

    /** Writes down the replica's hearing in the caller's transaction. */
    void hearing(Connection connection, String clientId, Hearing hearing, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.HEARING)) {
            statement.setString(1, hearing.deafness() == null ? null : hearing.deafness().name());
            statement.setTimestamp(2, Timestamp.from(hearing.since()));
            Columns.setInstant(statement, 3, hearing.heardUntil());
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setString(5, clientId);
            statement.executeUpdate();
        }
    }

    /**
     * Writes the replica down as leaving if another member is alive and hears; the rows are locked
     * meanwhile, so of two replicas leaving at once one stays.
     */
    boolean leave(String clientId, Instant now, Duration aliveWithin) throws SQLException {
        return answer(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(ConnectivityQueries.LOCK_REPLICAS)) {
                lock.executeQuery().close();
            }
            Hearing others = SharedHearing.of(replicas(connection).stream()
                    .filter(replica -> !replica.clientId().equals(clientId)
                            && replica.membership() == Replica.Membership.MEMBER).toList(), now, aliveWithin);
            if (others.hears()) {
                membership(connection, clientId, Replica.Membership.LEAVING, now);
            }
            return others.hears();
        });
    }

    void left(String clientId, Instant now) throws SQLException {
        inTransaction(connection -> membership(connection, clientId, Replica.Membership.LEFT, now));
    }

    private static void membership(Connection connection, String clientId, Replica.Membership membership, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.MEMBERSHIP)) {
            statement.setString(1, membership.name());
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setString(3, clientId);
            statement.executeUpdate();
        }
    }

    List<Replica> replicas(Connection connection) throws SQLException {
        List<Replica> replicas = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.REPLICAS);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                String deafness = row.getString("deafness");
                replicas.add(new Replica(row.getString("client_id"),
                        Replica.Membership.valueOf(row.getString("membership")),
                        deafness == null ? null : Change.Reason.valueOf(deafness), Columns.instant(row, "since"),
                        Columns.instant(row, "heard_until"), Columns.instant(row, "alive_at")));
            }
        }
        return replicas;
    }

    /** Leaves the devices' signs for the judging replica, in the caller's transaction. */
    void forward(Connection connection, List<Sign> signs) throws SQLException {
        List<String[]> rows = new ArrayList<>(signs.size());
        for (Sign sign : signs) {
            if (sign instanceof Sign.Message message) {
                rows.add(new String[] {message.deviceId(), Unnest.text(message.at()), "MESSAGE"});
            } else if (sign instanceof Sign.Status status && (!status.online() || !status.retained())) {
                rows.add(new String[] {status.deviceId(), Unnest.text(status.at()),
                        status.online() ? "STATUS_ONLINE" : "STATUS_OFFLINE"});
            }
        }
        if (!rows.isEmpty()) {
            Unnest.execute(connection, ConnectivityQueries.FORWARD_SIGNS,
                    Unnest.columns(rows, row -> row[0], row -> row[1], row -> row[2]));
        }
    }

    /** Takes every committed sign off the table, in the caller's transaction, in time order. */
    List<Sign> takeSigns(Connection connection) throws SQLException {
        List<Sign> signs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.TAKE_SIGNS);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                String device = row.getString("device_id");
                Instant at = Columns.instant(row, "at");
                String kind = row.getString("kind");
                signs.add(kind.equals("MESSAGE") ? new Sign.Message(device, at)
                        : new Sign.Status(device, kind.equals("STATUS_ONLINE"), false, at));
            }
        }
        signs.sort(java.util.Comparator.comparing(Sign::at));
        return signs;
    }

    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    interface Answer<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction of its own, committed at the end, rolled back on failure. */
    void inTransaction(Work work) throws SQLException {
        answer(connection -> {
            work.run(connection);
            return null;
        });
    }

    /** {@link #inTransaction(Work)}, returning what {@code work} answers. */
    <T> T answer(Answer<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T answer = work.run(connection);
                connection.commit();
                return answer;
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
