package org.communityhub.commands;

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
import java.util.List;
import java.util.UUID;
import org.communityhub.alerts.Alerting;
import org.communityhub.alerts.Seen;
import org.communityhub.connectivity.Connectivity;
import org.communityhub.database.Leases;
import org.communityhub.database.Columns;
import org.jboss.logging.Logger;

/**
 * Every {@code confirm-check-interval} ({@link BroadcastJobs}), the broadcast units that have not confirmed playing within
 * {@code confirm-within} are handed to the alert rules (BROADCAST_NOT_CONFIRMED) and marked, so each
 * PLAY is reported once. Only while the hub hears: a unit whose confirmation the hub could not have
 * heard is not blamed, and once it catches up, what the unit sent meanwhile is stored before the
 * check looks again. One replica checks per interval (the {@value #JOB} period in {@code job_runs}).
 */
@ApplicationScoped
public class Confirmations {

    private static final Logger LOG = Logger.getLogger(Confirmations.class);
    private static final int PAGE = 2000;
    /** The check's period in {@code job_runs}: one replica checks per interval. */
    static final String JOB = "broadcast-confirmations";

    private final AgroalDataSource dataSource;
    private final Alerting alerting;
    private final Connectivity connectivity;
    private final CommandsConfig config;

    private final Leases leases;

    Confirmations(AgroalDataSource dataSource, Alerting alerting, Connectivity connectivity, CommandsConfig config,
            Leases leases) {
        this.leases = leases;
        this.dataSource = dataSource;
        this.alerting = alerting;
        this.connectivity = connectivity;
        this.config = config;
    }

    /** One check; never throws (a failure is logged and the next check tries again). */
    void check() {
        try {
            Instant now = Instant.now();
            if (!leases.claim(JOB, leases.self(), config.confirmCheckInterval(), now)) {
                return; // another replica checks in this interval
            }
            List<Late> late;
            do {
                if (!connectivity.hears()) {
                    return;
                }
                late = late(now);
                if (!late.isEmpty()) {
                    List<Seen.Unconfirmed> seen = new ArrayList<>(late.size());
                    for (Late unit : late) {
                        seen.add(unit.seen(now, config.confirmWithin()));
                    }
                    if (!alerting.unconfirmed(seen, Duration.ofSeconds(30))) {
                        return;
                    }
                    mark(late, now);
                }
            } while (late.size() == PAGE);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("commands: the broadcast confirmation check failed (%s); trying again", e.toString());
        }
    }

    /** A PLAY whose unit has not confirmed it, judged as the broadcast's page shows it. */
    private record Late(UUID commandId, long broadcastId, Broadcasts.Priority priority, BroadcastUnit unit) {

        Seen.Unconfirmed seen(Instant now, Duration within) {
            return new Seen.Unconfirmed(unit.deviceId(), now, priority + " broadcast " + broadcastId
                    + " not confirmed within " + within.toSeconds() + " s: " + unit.reason(),
                    priority == Broadcasts.Priority.EMERGENCY);
        }
    }

    private List<Late> late(Instant now) throws SQLException {
        List<Late> late = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BroadcastQueries.UNCONFIRMED)) {
            statement.setTimestamp(1, Timestamp.from(now.minus(config.confirmWithin())));
            statement.setTimestamp(2, Timestamp.from(now.minus(config.maxExpiry())));
            statement.setInt(3, PAGE);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    UUID id = row.getObject("command_id", UUID.class);
                    late.add(new Late(id, row.getLong("broadcast_id"), Broadcasts.Priority.valueOf(row.getString("priority")),
                            BroadcastUnit.judge(row.getString("device_id"), id, row.getString("state"),
                                    row.getString("detail"), Columns.instant(row, "sent_at"),
                                    Columns.instant(row, "accepted_at"), null, null, null, row.getString("connectivity"),
                                    Columns.instant(row, "connectivity_since"))));
                }
            }
        }
        return late;
    }

    private void mark(List<Late> late, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BroadcastQueries.MARK_UNCONFIRMED)) {
            statement.setArray(1, connection.createArrayOf("uuid", late.stream().map(Late::commandId).toArray()));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.executeUpdate();
        }
    }
}
