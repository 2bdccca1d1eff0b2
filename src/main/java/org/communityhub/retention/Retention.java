package org.communityhub.retention;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.communityhub.database.Leases;
import org.communityhub.telemetry.Schema;
import org.jboss.logging.Logger;

/**
 * Trims what is older than its period ({@link RetentionConfig}): whole chunks with {@code drop_chunks}
 * where a table is a TimescaleDB hypertable, bounded batches of deletes where it is a plain table
 * (embedded mode, and dead letters everywhere). One replica does it per interval ({@link Leases}).
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** A table, its time column, and which period applies. */
    record Kept(String table, String column, Period period) {
    }

    enum Period { TELEMETRY, CONNECTIVITY, DEAD_LETTERS }

    static final List<Kept> TABLES = List.of(
            new Kept("telemetry_kiosk", "ts", Period.TELEMETRY),
            new Kept("telemetry_parcel_locker", "ts", Period.TELEMETRY),
            new Kept("telemetry_broadcast_unit", "ts", Period.TELEMETRY),
            new Kept("telemetry_elder_alert", "ts", Period.TELEMETRY),
            new Kept("events", "ts", Period.TELEMETRY),
            new Kept("connectivity_changes", "ts", Period.CONNECTIVITY),
            new Kept("service_changes", "ts", Period.CONNECTIVITY),
            new Kept("dead_letters", "received_at", Period.DEAD_LETTERS));

    private final AgroalDataSource dataSource;
    private final Leases leases;
    private final RetentionConfig config;
    private final Schema schema;
    private ScheduledExecutorService thread;

    Retention(AgroalDataSource dataSource, Leases leases, RetentionConfig config, Schema schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.leases = leases;
        this.config = config;
    }

    public void start() {
        if (config.interval().isZero()) {
            LOG.info("retention: off (HUB_RETENTION_INTERVAL is 0)");
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "hub-retention"));
        thread.scheduleWithFixedDelay(this::runIfDue, 60_000, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private void runIfDue() {
        try {
            Instant now = Instant.now();
            if (leases.claim("retention", leases.self(), config.interval(), now)) {
                trim(now);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("retention: could not trim (trying again in %s): %s", config.interval(), e.toString());
        }
    }

    /** Trims every table as of {@code now}; returns the chunks dropped plus the rows deleted. */
    public long trim(Instant now) throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection()) {
            Set<String> hypertables = hypertables(connection);
            for (Kept kept : TABLES) {
                Duration period = period(kept.period());
                if (period.isZero()) {
                    continue;
                }
                Instant before = now.minus(period);
                long trimmed = hypertables.contains(kept.table()) ? dropChunks(connection, kept, before)
                        : deleteInBatches(connection, kept, before);
                if (trimmed > 0) {
                    LOG.infof("retention: %s older than %s: %d %s", kept.table(), before, trimmed,
                            hypertables.contains(kept.table()) ? "chunk(s) dropped" : "row(s) deleted");
                }
                total += trimmed;
            }
        }
        return total;
    }

    private Duration period(Period period) {
        return switch (period) {
            case TELEMETRY -> config.telemetry();
            case CONNECTIVITY -> config.connectivity();
            case DEAD_LETTERS -> config.deadLetters();
        };
    }

    private Set<String> hypertables(Connection connection) throws SQLException {
        Set<String> names = new HashSet<>();
        if (schema.timescaleVersion().isEmpty()) {
            return names;
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT hypertable_name FROM timescaledb_information.hypertables")) {
            while (row.next()) {
                names.add(row.getString(1));
            }
        }
        return names;
    }

    /** Whole chunks that end before {@code before}; a chunk straddling it stays until it is all older. */
    private static long dropChunks(Connection connection, Kept kept, Instant before) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM drop_chunks(?::regclass, older_than => ?::timestamptz)")) {
            statement.setString(1, kept.table());
            statement.setTimestamp(2, Timestamp.from(before));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Deletes in transactions of at most {@code batchSize} rows, so that no one statement holds the table long. */
    private long deleteInBatches(Connection connection, Kept kept, Instant before) throws SQLException {
        String delete = "DELETE FROM " + kept.table() + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + kept.table()
                + " WHERE " + kept.column() + " < ? LIMIT ?))";
        long deleted = 0;
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            int batch;
            do {
                statement.setTimestamp(1, Timestamp.from(before));
                statement.setInt(2, config.batchSize());
                batch = statement.executeUpdate();
                deleted += batch;
            } while (batch == config.batchSize() && !Thread.currentThread().isInterrupted());
        }
        return deleted;
    }
}
