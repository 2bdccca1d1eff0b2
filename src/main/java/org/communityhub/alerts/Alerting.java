package org.communityhub.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.communityhub.connectivity.Change;
import org.communityhub.connectivity.Connectivity;
import org.communityhub.connectivity.ConnectivityChanged;
import org.communityhub.database.Blame;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.communityhub.telemetry.BatchCommitted;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Reading;
import org.jboss.logging.Logger;

/**
 * The rules at work, on their own thread: what ingestion and connectivity committed is shown to the
 * rules of each device right after the commit (an SOS waits for no poll), and every
 * {@code evaluate-interval} the timed conditions are checked, so a device that falls silent still
 * raises its alert, and unacknowledged critical alerts escalate ({@link Escalation}). Conditions are
 * stored with the alerts they raise, in one transaction, and survive a restart; events committed
 * just before a crash are evaluated again at start.
 */
@ApplicationScoped
public class Alerting {

    private static final Logger LOG = Logger.getLogger(Alerting.class);

    private final AgroalDataSource dataSource;
    private final AlertStore store;
    private final RuleSettings settings;
    private final Maintenance maintenance;
    private final DeviceDirectory directory;
    private final Connectivity connectivity;
    private final Escalation escalation;
    private final AlertPublisher publisher;
    private final AlertClock clock;
    private final AlertsConfig config;
    private final ObjectMapper json;
    private final Counter failures;
    /** The committed conditions; read and written on the alerting thread only. */
    private Map<AlertStore.Key, Condition> conditions = new HashMap<>();
    private ScheduledExecutorService thread;

    Alerting(AgroalDataSource dataSource, AlertStore store, RuleSettings settings, Maintenance maintenance,
            DeviceDirectory directory, Connectivity connectivity, Escalation escalation, AlertPublisher publisher,
            AlertClock clock, AlertsConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.store = store;
        this.settings = settings;
        this.maintenance = maintenance;
        this.directory = directory;
        this.connectivity = connectivity;
        this.escalation = escalation;
        this.publisher = publisher;
        this.clock = clock;
        this.config = config;
        this.json = json;
        this.failures = Counter.builder("hub.alerts.evaluation.failures")
                .description("things seen that the rules failed on (a defect or a refused write); logged").register(metrics);
    }

    /** Loads settings, windows and conditions, evaluates events committed after the last run's progress, and starts. */
    public void start() throws SQLException {
        settings.reload();
        maintenance.reload();
        List<Seen> missed;
        try (Connection connection = dataSource.getConnection()) {
            conditions = store.conditions(connection, null);
            missed = Replay.eventsAfterProgress(connection, json, clock.now());
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hub-alerts");
            t.setDaemon(true);
            return t;
        });
        if (!missed.isEmpty()) {
            LOG.infof("alerts: evaluating %d event(s) committed after the previous run's last evaluation", missed.size());
            thread.execute(() -> evaluate(missed));
        }
        long period = config.evaluateInterval().toMillis();
        thread.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void committed(@Observes BatchCommitted batch) {
        List<Seen> seen = new ArrayList<>();
        for (BatchCommitted.Message message : batch.messages()) {
            Instant at = clock.shift(message.receivedAt());
            for (Reading reading : message.readings()) {
                seen.add(new Seen.Reading(reading, at, clock.offset()));
            }
            DeviceEvent event = message.event();
            if (event != null) {
                seen.add(new Seen.Event(event, Replay.parse(json, event.bodyJson()), at));
            }
        }
        submit(seen);
    }

    void changed(@Observes ConnectivityChanged changed) {
        List<Seen> seen = new ArrayList<>(changed.changes().size());
        for (Change change : changed.changes()) {
            seen.add(new Seen.Link(change.deviceId(), change.to(), clock.shift(change.at())));
        }
        submit(seen);
    }

    private void submit(List<Seen> seen) {
        if (seen.isEmpty()) {
            return;
        }
        if (thread == null) {
            // a defect of the start-up order (Hub starts alerting before ingestion and connectivity)
            LOG.errorf("alerts: %d thing(s) seen before alerting started were not evaluated", seen.size());
            return;
        }
        thread.execute(() -> evaluate(seen));
    }

    /** Shows everything seen to the rules in one transaction; what fails alone is logged and skipped. */
    private void evaluate(List<Seen> seen) {
        try {
            untilAnswered(() -> pass(seen));
        } catch (SQLException | RuntimeException e) {
            if (seen.size() == 1) {
                failures.increment();
                LOG.errorf(e, "alerts: evaluating %s failed; skipped", seen.get(0));
                return;
            }
            for (Seen one : seen) {
                evaluate(List.of(one));
            }
        }
    }

    private Void pass(List<Seen> seen) throws SQLException {
        Instant now = clock.now();
        boolean hears = connectivity.hears();
        try (Pass pass = new Pass(now)) {
            Instant progress = null;
            for (Seen one : seen) {
                Optional<DeviceDirectory.Entry> device = directory.find(one.deviceId());
                if (device.isEmpty() || device.get().state() != DeviceState.ACTIVE) {
                    continue;
                }
                for (Rule rule : settings.of(device.get())) {
                    if (rule.tuning().enabled()) {
                        pass.apply(device.get(), rule, rule.on(one), one.at(), hears);
                    }
                }
                if (one instanceof Seen.Event && (progress == null || one.at().isAfter(progress))) {
                    progress = one.at();
                }
            }
            pass.commit(progress);
        }
        return null;
    }

    /** Every interval: timed conditions that fell due (only while the hub hears), then escalation. Never throws. */
    void tick() {
        try {
            Instant now = clock.now();
            if (connectivity.hears()) {
                untilAnswered(() -> due(now));
            }
            untilAnswered(() -> {
                escalation.escalate(now, publisher);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            LOG.error("alerts: the timed evaluation failed; trying again at the next interval", e);
        }
    }

    private Void due(Instant now) throws SQLException {
        try (Pass pass = new Pass(now)) {
            for (Map.Entry<AlertStore.Key, Condition> entry : conditions.entrySet()) {
                if (entry.getValue().status() == Condition.Status.FIRED) {
                    continue;
                }
                Optional<DeviceDirectory.Entry> device = directory.cached(entry.getKey().deviceId());
                if (device.isEmpty() || device.get().state() != DeviceState.ACTIVE) {
                    continue;
                }
                for (Rule rule : settings.of(device.get())) {
                    if (rule.id().equals(entry.getKey().rule()) && rule.tuning().enabled()) {
                        pass.fireIfDue(device.get(), rule, entry.getKey(), entry.getValue());
                    }
                }
            }
            pass.commit(null);
        }
        return null;
    }

    @FunctionalInterface
    private interface Attempt {
        Void run() throws SQLException;
    }

    /** Runs {@code attempt} until the database answers; a failure that is the data's (or a defect) is thrown. */
    private void untilAnswered(Attempt attempt) throws SQLException {
        long backoffMs = 100;
        while (true) {
            try {
                attempt.run();
                return;
            } catch (SQLException e) {
                if (Blame.of(e) == Blame.DATA || thread.isShutdown()) {
                    throw e;
                }
                LOG.debugf("alerts: the database is away (%s); trying again", e.getMessage());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, 2_000);
            }
        }
    }

    /**
     * One transaction of the alerting thread: conditions proposed and alerts written; the conditions
     * are taken into memory and the alert changes published only once it commits.
     */
    private final class Pass implements AutoCloseable {
        private final Instant now;
        private final Map<AlertStore.Key, Condition> changed = new HashMap<>();
        private final List<AlertChanged> published = new ArrayList<>();
        private Connection connection;

        Pass(Instant now) {
            this.now = now;
        }

        void apply(DeviceDirectory.Entry device, Rule rule, Step step, Instant at, boolean hears) throws SQLException {
            AlertStore.Key key = new AlertStore.Key(device.id(), rule.id());
            Condition current = get(key);
            if (step instanceof Step.Hold hold) {
                Condition next = current == null ? Condition.since(hold.since(), hold.detail())
                        : current.resumed(hold.since(), hold.detail());
                if (!next.equals(current)) {
                    changed.put(key, next);
                }
            } else if (step instanceof Step.Restart restart) {
                if (current != null && current.since() != null && !restart.since().isAfter(current.since())) {
                    return;
                }
                if (current != null && current.status() == Condition.Status.FIRED && restart.resolution() != null) {
                    resolve(key, restart.resolution());
                }
                changed.put(key, Condition.since(restart.since(), restart.detail()));
            } else if (step instanceof Step.Clear clear) {
                if (current != null) {
                    changed.put(key, null);
                    if (current.status() == Condition.Status.FIRED) {
                        resolve(key, clear.resolution());
                    }
                }
                return;
            } else if (step instanceof Step.Pause pause) {
                if (current != null) {
                    changed.put(key, current.paused(rule.tuning().hours(), pause.at()));
                }
                return;
            } else if (step instanceof Step.Raise raise) {
                raise(device, rule, raise.detail(), raise.defect(), raise.triggerTs(), raise.triggerSeq());
                return;
            } else if (step instanceof Step.Resolve resolve) {
                resolve(key, resolve.resolution());
                return;
            } else {
                return;
            }
            Condition held = get(key);
            if (hears && held != null && held.status() != Condition.Status.FIRED) {
                fireIfDue(device, rule, key, held);
            }
        }

        void fireIfDue(DeviceDirectory.Entry device, Rule rule, AlertStore.Key key, Condition condition)
                throws SQLException {
            if (!rule.due(condition, now)) {
                return;
            }
            Optional<MaintenanceWindow> window = rule.lifeSafety() ? Optional.empty() : maintenance.covering(device, now);
            if (window.isPresent()) {
                if (condition.status() != Condition.Status.SUPPRESSED) {
                    store.suppressed(connection(), key, now, window.get().id(), condition.detail());
                    changed.put(key, condition.with(Condition.Status.SUPPRESSED));
                }
                return;
            }
            store.raise(connection(), device, rule, condition.detail(), null, null, null, now, config.reopenWithin())
                    .ifPresent(published::add);
            changed.put(key, condition.with(Condition.Status.FIRED));
        }

        private void raise(DeviceDirectory.Entry device, Rule rule, String detail, String defect, Instant triggerTs,
                long triggerSeq) throws SQLException {
            Optional<MaintenanceWindow> window = rule.lifeSafety() ? Optional.empty() : maintenance.covering(device, now);
            if (window.isPresent()) {
                store.suppressed(connection(), new AlertStore.Key(device.id(), rule.id()), now, window.get().id(), detail);
                return;
            }
            store.raise(connection(), device, rule, detail, defect, triggerTs, triggerSeq, now, config.reopenWithin())
                    .ifPresent(published::add);
        }

        private void resolve(AlertStore.Key key, String resolution) throws SQLException {
            store.autoResolve(connection(), key.deviceId(), key.rule(), resolution, now).ifPresent(published::add);
        }

        private Condition get(AlertStore.Key key) {
            return changed.containsKey(key) ? changed.get(key) : conditions.get(key);
        }

        private Connection connection() throws SQLException {
            if (connection == null) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            }
            return connection;
        }

        void commit(Instant progress) throws SQLException {
            if (changed.isEmpty() && published.isEmpty() && progress == null && connection == null) {
                return;
            }
            store.saveConditions(connection(), changed);
            if (progress != null) {
                Replay.saveProgress(connection(), progress);
            }
            connection.commit();
            for (Map.Entry<AlertStore.Key, Condition> entry : changed.entrySet()) {
                if (entry.getValue() == null) {
                    conditions.remove(entry.getKey());
                } else {
                    conditions.put(entry.getKey(), entry.getValue());
                }
            }
            published.forEach(publisher::publish);
        }

        @Override
        public void close() throws SQLException {
            if (connection != null) {
                try {
                    connection.rollback();
                } finally {
                    connection.close();
                }
            }
        }
    }
}
