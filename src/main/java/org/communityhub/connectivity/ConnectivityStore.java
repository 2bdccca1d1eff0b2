package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.telemetry.Reading;

/** Device state, connectivity history and the hub's own runs, over JDBC. */
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

    /**
     * Stores the changes and, for every device touched, its link and latest reading, in the
     * caller's transaction.
     */
    public void write(Connection connection, List<Change> changes, Map<String, Links.Link> links,
            Map<String, Reading> latest) throws SQLException {
        if (!changes.isEmpty()) {
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
        }
        if (links.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(ConnectivityQueries.UPSERT_STATE)) {
            for (Map.Entry<String, Links.Link> entry : links.entrySet()) {
                Links.Link link = entry.getValue();
                Reading reading = latest.get(entry.getKey());
                upsert.setString(1, entry.getKey());
                setInstant(upsert, 2, link.lastSeen());
                setInstant(upsert, 3, reading == null ? null : reading.ts());
                if (reading == null) {
                    upsert.setNull(4, Types.BIGINT);
                } else {
                    upsert.setLong(4, reading.seq());
                }
                upsert.setString(5, reading == null ? null : reading.json());
                upsert.setString(6, link.state().name());
                setInstant(upsert, 7, link.since());
                upsert.setString(8, link.reason() == null ? null : link.reason().name());
                upsert.addBatch();
            }
            upsert.executeBatch();
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

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(index, Timestamp.from(value));
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
