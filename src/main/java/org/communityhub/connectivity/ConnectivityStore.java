package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.telemetry.Staging;

/** Device state, connectivity history and the hub's own runs, over JDBC. */
@ApplicationScoped
public class ConnectivityStore {

    private static final List<String> STATE_COLUMNS =
            List.of("device_id", "last_seen", "connectivity", "connectivity_since", "connectivity_reason");

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
    public void write(Connection connection, List<Change> changes, Map<String, Links.Link> changed)
            throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(ConnectivityQueries.INSERT_CHANGE)) {
            for (Change change : changes) {
                insert.setString(1, change.deviceId());
                insert.setTimestamp(2, Timestamp.from(change.at()));
                insert.setString(3, change.from().name());
                insert.setString(4, change.to().name());
                insert.setString(5, change.reason().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        save(connection, changed);
    }

    /**
     * Stores links (connectivity and last-seen time) in the caller's transaction, one set-based
     * statement for all of them. Last-seen times only move forward.
     */
    public void save(Connection connection, Map<String, Links.Link> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(links.size());
        for (Map.Entry<String, Links.Link> entry : links.entrySet()) {
            Links.Link link = entry.getValue();
            rows.add(new Object[] {entry.getKey(), link.lastSeen(), link.state().name(), link.since(),
                link.reason() == null ? null : link.reason().name()});
        }
        Staging.copy(connection, "device_state", STATE_COLUMNS, rows);
        try (Statement merge = connection.createStatement()) {
            merge.executeUpdate(ConnectivityQueries.MERGE_STATE);
        }
    }

    /** The last moment any earlier run of the hub was known to be alive. */
    public Optional<Instant> lastAlive() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.LAST_ALIVE);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return Optional.ofNullable(instant(row, 1));
        }
    }

    public long startRun(String instance, Instant now) throws SQLException {
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

    public void alive(Connection connection, long run, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.ALIVE)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setLong(2, run);
            statement.executeUpdate();
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
