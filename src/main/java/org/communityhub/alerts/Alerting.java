package org.communityhub.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
import org.communityhub.database.Leases;
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
    /** The lease of the timed evaluation in {@code job_runs}. */
    static final String TIMER = "alerts-timer";

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
    /** Room for things seen that wait for the rules ({@code hub.alerts.backlog}). */
    private final java.util.concurrent.Semaphore backlog;
    private final Leases leases;
    private ScheduledExecutorService thread;

    Alerting(AgroalDataSource dataSource, AlertStore store, RuleSettings settings, Maintenance maintenance,
            DeviceDirectory directory, Connectivity connectivity, Escalation escalation, AlertPublisher publisher,
            AlertClock clock, AlertsConfig config, ObjectMapper json, MeterRegistry metrics, Leases leases) {
        this.leases = leases;
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
        this.backlog = new java.util.concurrent.Semaphore(config.backlog());
        metrics.gauge("hub.alerts.backlog", backlog, room -> config.backlog() - room.availablePermits());
        this.failures = Counter.builder("hub.alerts.evaluation.failures")
                .description("things seen that the rules failed on (a defect or a refused write); logged").register(metrics);
    }

    /** Loads settings and windows, evaluates events committed after the last run's progress, and starts. */
    public void start() throws SQLException {
        settings.reload();
        maintenance.reload();
        List<Seen> missed;
        try (Connection connection = dataSource.getConnection()) {
            missed = Replay.eventsAfterProgress(connection, json, Instant.now());
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hub-alerts");
            t.setDaemon(true);
            return t;
        });
        if (!missed.isEmpty()) {
            LOG.infof("alerts: evaluating %d event(s) committed after the previous run's last evaluation", missed.size());
            Instant until = missed.get(missed.size() - 1).at();
            thread.execute(() -> evaluate(missed, until));
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
            try {
                leases.release(TIMER, leases.self());
            } catch (SQLException e) {
                LOG.debugf("alerts: could not hand the timed evaluation over at stop (%s)", e.getMessage());
            }
        }
    }

    /**
     * Called on the ingest writer's thread right after a commit: it only hands the batch over, and
     * waits while the rules are {@code backlog} things behind.
     */
    void committed(@Observes BatchCommitted batch) {
        int weight = 0;
        for (BatchCommitted.Message message : batch.messages()) {
            weight += message.readings().size() + (message.event() == null ? 0 : 1);
        }
        execute(weight, () -> evaluate(seen(batch), eventsUntil(batch)));
    }

    /** Called in connectivity's decision right after its commit: it only hands the changes over. */
    void changed(@Observes ConnectivityChanged changed) {
        execute(changed.changes().size(), () -> {
            List<Seen> seen = new ArrayList<>(changed.changes().size());
            for (Change change : changed.changes()) {
                seen.add(new Seen.Link(change.deviceId(), change.to(), clock.shift(change.at())));
            }
            evaluate(seen, null);
        });
    }

    /**
     * Shows the rules broadcast units that did not confirm a PLAY in time, and waits until that is
     * committed; false when it was not within {@code wait} (the caller asks again: an alert raised
     * twice is counted on the same alert, one never raised is a unit nobody checks).
     */
    public boolean unconfirmed(List<Seen.Unconfirmed> units, Duration wait) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        execute(units.size(), () -> {
            evaluate(List.copyOf(units), null);
            done.complete(null);
        });
        try {
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void execute(int weight, Runnable work) {
        if (thread == null) {
            // a defect of the start-up order (Hub starts alerting before ingestion and connectivity)
            LOG.error("alerts: something seen before alerting started was not evaluated");
            return;
        }
        int permits = Math.min(Math.max(weight, 1), config.backlog());
        backlog.acquireUninterruptibly(permits);
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } finally {
                    backlog.release(permits);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            backlog.release(permits);
        }
    }

    private List<Seen> seen(BatchCommitted batch) {
        List<Seen> seen = new ArrayList<>(batch.messages().size());
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
        return seen;
    }

    /** The receive time of the batch's last event: how far the rules have seen the stored events once it is evaluated. */
    private static Instant eventsUntil(BatchCommitted batch) {
        Instant until = null;
        for (BatchCommitted.Message message : batch.messages()) {
            if (message.event() != null && (until == null || message.receivedAt().isAfter(until))) {
                until = message.receivedAt();
            }
        }
        return until;
    }

    /**
     * Shows everything seen to the rules in one transaction, which also records {@code eventsUntil}
     * (null: no event among them); what fails alone is logged and skipped.
     */
    private void evaluate(List<Seen> seen, Instant eventsUntil) {
        if (seen.isEmpty()) {
            return;
        }
        try {
            untilAnswered(() -> pass(seen, eventsUntil));
        } catch (SQLException | RuntimeException e) {
            if (seen.size() == 1) {
                failures.increment();
                LOG.errorf(e, "alerts: evaluating %s failed; skipped", seen.get(0));
                return;
            }
            for (Seen one : seen) {
                evaluate(List.of(one), eventsUntil);
            }
        }
    }

    private Void pass(List<Seen> seen, Instant eventsUntil) throws SQLException {
        Instant now = clock.now();
        boolean hears = connectivity.hears();
        try (Evaluation pass = evaluation(now)) {
            pass.load(seen.stream().map(Seen::deviceId).collect(java.util.stream.Collectors.toSet()));
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
            }
            pass.commit(eventsUntil);
        }
        return null;
    }

    /**
     * Every interval: rule settings and maintenance windows read again (another replica may have
     * changed them), timed conditions that fell due (only while the hub hears), then escalation.
     * Never throws.
     */
    void tick() {
        try {
            untilAnswered(() -> {
                settings.reload();
                maintenance.reload();
                return null;
            });
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

    /**
     * The timed conditions that fell due, evaluated by one replica at a time: the one holding the
     * {@value #TIMER} lease, renewed in the evaluation's own transaction.
     */
    private Void due(Instant now) throws SQLException {
        try (Evaluation pass = evaluation(now)) {
            if (!pass.holds(TIMER, leases.self(), config.evaluateInterval().multipliedBy(3))) {
                return null;
            }
            for (Map.Entry<AlertStore.Key, Condition> entry : pass.loadTimed().entrySet()) {
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

    private Evaluation evaluation(Instant now) {
        return new Evaluation(dataSource, store, maintenance, publisher, config.reopenWithin(), now);
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
}
