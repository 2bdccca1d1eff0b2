package org.communityhub.reports;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.communityhub.alerts.AlertsConfig;
import org.jboss.logging.Logger;

/**
 * Keeps {@code uptime_days}: each device's accounting per local day, for every day that ended, so
 * that a report over a month sums 30 rows per device instead of reading every transition again.
 * <p>
 * A device's days are stored and current from {@code uptime_rolled.since} (the day it was registered,
 * or {@code HUB_REPORTS_ROLLUP_HORIZON} days back) to {@code until}. The hub rolls that forward on a
 * schedule, a chunk of devices per transaction, for days that ended at least
 * {@link ReportsConfig#rollupMargin()} ago. Whatever a day was computed from and changes afterwards
 * moves it back: a transition dated in an earlier day (a device's silence judged after midnight, the
 * hub's own downtime recorded at start; {@link #forget}), and, by triggers in the database
 * (migration V11), a maintenance window or a device's installation, decommissioning or area. Reports read stored days only up to {@code until} and
 * compute the rest afresh, so a report is exact whether or not the roll has caught up.
 * <p>
 * Races: the roll locks the devices' {@code uptime_rolled} rows before it reads their history, and
 * {@link #forget} waits for those locks, so a change committed while a day was being computed moves
 * {@code until} back after the roll stored it.
 */
@ApplicationScoped
public class UptimeDays {

    private static final Logger LOG = Logger.getLogger(UptimeDays.class);

    private static final String BASIS = "SELECT basis FROM uptime_days_basis WHERE id = 1";
    private static final String SET_BASIS = """
            INSERT INTO uptime_days_basis (id, basis) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET basis = EXCLUDED.basis
            """;
    private static final String START_DEVICES = """
            INSERT INTO uptime_rolled (device_id, since, until)
            SELECT id, first_day, first_day - 1
              FROM (SELECT d.id, greatest((d.created_at AT TIME ZONE ?)::date, ?::date) AS first_day
                      FROM devices d
                     -- run every minute: only devices new to it, not an insert attempt for each of 150,000
                     WHERE NOT EXISTS (SELECT 1 FROM uptime_rolled r WHERE r.device_id = d.id)) n
            ON CONFLICT (device_id) DO NOTHING
            """;
    private static final String BEHIND = """
            SELECT device_id, until FROM uptime_rolled WHERE until < ? ORDER BY device_id LIMIT ? FOR UPDATE SKIP LOCKED
            """;
    private static final String ROLLED = "UPDATE uptime_rolled SET until = greatest(until, ?) WHERE device_id = ANY (?)";
    private static final String LOCK_FORGET = """
            SELECT device_id FROM uptime_rolled WHERE device_id = ANY (?) ORDER BY device_id FOR UPDATE
            """;
    private static final String FORGET = """
            UPDATE uptime_rolled u SET until = x.day - 1
              FROM (SELECT d, min(day) AS day FROM unnest(?::text[], ?::date[]) AS f (d, day) GROUP BY d) x
             WHERE u.device_id = x.d AND u.until >= x.day
            """;
    private final AgroalDataSource dataSource;
    private final Uptime uptime;
    private final ReportsConfig config;
    private final ZoneId zone;
    private final String basis;
    private ScheduledExecutorService schedule;

    UptimeDays(AgroalDataSource dataSource, Uptime uptime, ReportsConfig config, AlertsConfig alerts) {
        this.dataSource = dataSource;
        this.uptime = uptime;
        this.config = config;
        this.zone = alerts.zone();
        this.basis = alerts.zone() + " " + alerts.serviceHoursFrom() + "-" + alerts.serviceHoursTo();
    }

    /** Empties the stored days if they were computed with another zone or other service hours; starts the roll. */
    public void start() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            String stored = null;
            try (PreparedStatement statement = connection.prepareStatement(BASIS); ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    stored = row.getString(1);
                }
            }
            if (!basis.equals(stored)) {
                if (stored != null) {
                    LOG.infof("reports: service hours or zone changed (%s, was %s); daily uptime is computed again", basis,
                            stored);
                }
                try (PreparedStatement statement = connection.prepareStatement(
                        "TRUNCATE uptime_days; DELETE FROM uptime_rolled")) {
                    statement.execute();
                }
                try (PreparedStatement statement = connection.prepareStatement(SET_BASIS)) {
                    statement.setString(1, basis);
                    statement.executeUpdate();
                }
            }
            connection.commit();
        }
        if (config.rollupInterval().isZero()) {
            LOG.info("reports: daily uptime is not stored (HUB_REPORTS_ROLLUP_INTERVAL=0); reports compute every day afresh");
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hub-uptime-days");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.rollupInterval().toMillis();
        schedule.scheduleWithFixedDelay(this::rollQuietly, Math.min(period, 2_000), period, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    private void rollQuietly() {
        try {
            roll(Instant.now(), true);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("reports: rolling daily uptime failed (tried again in %s): %s", config.rollupInterval(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores every whole day that ended at least the margin before {@code now}; returns the device-days stored. */
    public long roll(Instant now) throws SQLException {
        try {
            return roll(now, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing daily uptime", e);
        }
    }

    /**
     * {@code paced}: after each chunk, wait as long as it took, so that catching up on a long history
     * (the first start after an upgrade: a year of 150,000 devices is about 55 million device-days,
     * some 1.7 hours of database time) takes at most half of one core from ingest.
     */
    private long roll(Instant now, boolean paced) throws SQLException, InterruptedException {
        LocalDate lastClosed = now.minus(config.rollupMargin()).atZone(zone).toLocalDate().minusDays(1);
        LocalDate horizon = lastClosed.minusDays(config.rollupHorizon());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(START_DEVICES)) {
            statement.setString(1, zone.getId());
            statement.setDate(2, Date.valueOf(horizon));
            statement.executeUpdate();
        }
        long stored = 0;
        while (true) {
            long started = System.nanoTime();
            long chunk = rollChunk(lastClosed);
            if (chunk < 0) {
                return stored;
            }
            stored += chunk;
            if (paced) {
                Thread.sleep(Duration.ofNanos(System.nanoTime() - started).toMillis());
            }
        }
    }

    /** One transaction: a chunk of devices behind, at most a month further each; -1 when none is behind. */
    private long rollChunk(LocalDate lastClosed) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<String> devices = new ArrayList<>();
                List<Date> firstDays = new ArrayList<>();
                LocalDate earliest = null;
                try (PreparedStatement statement = connection.prepareStatement(BEHIND)) {
                    statement.setDate(1, Date.valueOf(lastClosed));
                    statement.setInt(2, config.rollupChunk());
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            devices.add(row.getString(1));
                            LocalDate first = row.getDate(2).toLocalDate().plusDays(1);
                            firstDays.add(Date.valueOf(first));
                            earliest = earliest == null || first.isBefore(earliest) ? first : earliest;
                        }
                    }
                }
                if (devices.isEmpty()) {
                    connection.rollback();
                    return -1;
                }
                LocalDate last = earliest.plusDays(30).isBefore(lastClosed) ? earliest.plusDays(30) : lastClosed;
                long stored;
                try (PreparedStatement statement = connection.prepareStatement(UptimeQueries.ROLL)) {
                    int p = uptime.bindHours(statement, 1);
                    statement.setArray(p++, connection.createArrayOf("text", devices.toArray()));
                    statement.setArray(p++, connection.createArrayOf("date", firstDays.toArray()));
                    statement.setDate(p, Date.valueOf(last));
                    stored = statement.executeLargeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement(ROLLED)) {
                    statement.setDate(1, Date.valueOf(last));
                    statement.setArray(2, connection.createArrayOf("text", devices.toArray()));
                    statement.executeUpdate();
                }
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * In the caller's transaction: the days of these devices from each one's time on are no longer
     * current. Only times in a day that already ended are looked at; today is never stored.
     */
    public void forget(Connection connection, List<String> devices, List<Instant> times) throws SQLException {
        LocalDate today = LocalDate.now(zone);
        List<String> late = new ArrayList<>();
        List<Date> days = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            LocalDate day = times.get(i).atZone(zone).toLocalDate();
            if (day.isBefore(today)) {
                late.add(devices.get(i));
                days.add(Date.valueOf(day));
            }
        }
        if (late.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement(LOCK_FORGET)) {
            lock.setArray(1, connection.createArrayOf("text", late.toArray()));
            lock.executeQuery().close();
        }
        try (PreparedStatement statement = connection.prepareStatement(FORGET)) {
            statement.setArray(1, connection.createArrayOf("text", late.toArray()));
            statement.setArray(2, connection.createArrayOf("date", days.toArray()));
            statement.executeUpdate();
        }
    }
}
