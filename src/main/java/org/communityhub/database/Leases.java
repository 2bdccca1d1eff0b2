package org.communityhub.database;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs of a job that must happen once per period whichever replica does it, claimed through the
 * database (a row per job with its last start), not a home-made consensus: the replica whose claim
 * lands runs the job, the others find the period taken.
 */
@ApplicationScoped
public class Leases {

    private static final String CLAIM = """
            INSERT INTO job_runs (job, holder, started_at) VALUES (?, ?, ?)
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, started_at = excluded.started_at
             WHERE job_runs.started_at <= excluded.started_at - ?::interval
            """;

    /**
     * Renewed on the database's clock, so that replicas' clocks (and the alert clock's test shift)
     * decide nothing; a renewal dated beyond the tenure in the future is no hold either.
     */
    private static final String HOLD = """
            INSERT INTO job_runs (job, holder, started_at) VALUES (?, ?, now())
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, started_at = excluded.started_at
             WHERE job_runs.holder = excluded.holder
                OR job_runs.started_at NOT BETWEEN now() - ?::interval AND now() + ?::interval
            """;

    private static final String RELEASE = """
            UPDATE job_runs SET started_at = '-infinity' WHERE job = ? AND holder = ?
            """;

    private final AgroalDataSource dataSource;
    private final String self;

    Leases(AgroalDataSource dataSource, org.communityhub.ingest.MqttConfig mqtt) {
        this.dataSource = dataSource;
        this.self = mqtt.clientId();
    }

    /**
     * This replica as a holder: its MQTT client id, unique per replica and the same across its
     * restarts (the pod name on Kubernetes), so a restarted replica takes its leases back at once.
     */
    public String self() {
        return self;
    }

    /** Whether {@code holder} runs {@code job} now: no run of it started within {@code every} before {@code now}. */
    public boolean claim(String job, String holder, Duration every, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, job);
            statement.setString(2, holder);
            statement.setTimestamp(3, Timestamp.from(now));
            // a little less than the period, so that a replica's own next run is not refused by jitter
            statement.setString(4, Math.max(1, every.toMillis() * 9 / 10) + " milliseconds");
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Whether {@code holder} holds {@code job} for the caller's transaction: it held it already, or
     * nobody renewed it within {@code ttl}. The row stays locked until the transaction ends, so no
     * two replicas ever do the job's work at once, even when one takes over from another that stalled.
     */
    public static boolean hold(Connection connection, String job, String holder, Duration ttl) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOLD)) {
            statement.setString(1, job);
            statement.setString(2, holder);
            statement.setString(3, ttl.toMillis() + " milliseconds");
            statement.setString(4, ttl.toMillis() + " milliseconds");
            return statement.executeUpdate() == 1;
        }
    }

    /** Lets another replica take {@code job} at once (this one stops). */
    public void release(String job, String holder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            statement.setString(1, job);
            statement.setString(2, holder);
            statement.executeUpdate();
        }
    }
}
