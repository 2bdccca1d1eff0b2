package org.communityhub.connectivity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.communityhub.database.Blame;
import org.communityhub.database.Leases;
import org.communityhub.devices.DeviceDirectory;
import org.jboss.logging.Logger;

/**
 * The connectivity feature at work: it owns {@link Links} and its own schedule (every
 * {@code sweep-interval}: registry reload, silence sweep, last-seen times, the hub's liveness), and
 * takes what ingestion tells it through explicit calls: the signs of each committed batch, in that
 * batch's transaction ({@link #record}), and what the hub can hear ({@link #brokerLost},
 * {@link #brokerJoined}, {@link #databaseFailed}), which never block the caller.
 *
 * <p>When several replicas share the stream, each one keeps only its own hearing here and leaves
 * its devices' signs in the database, and the one holding the lease decides for all ({@link Judge}).
 */
@ApplicationScoped
public class Connectivity {

    private static final Logger LOG = Logger.getLogger(Connectivity.class);

    /** The end of a batch's transaction: commits it. */
    @FunctionalInterface
    public interface Commit {
        void run() throws SQLException;
    }

    /** A change in what the hub can hear, applied in time order with the signs of the next transaction. */
    private record Fact(Instant at, Kind kind) {
        enum Kind { BROKER_DOWN, BROKER_UP, DATABASE_DOWN, DATABASE_UP }
    }

    private final ConnectivityStore store;
    private final DeviceDirectory directory;
    private final ConnectivityConfig config;
    private final Event<ConnectivityChanged> changed;
    private final Leases leases;
    private final Counter sweepFailures;
    private final io.micrometer.core.instrument.Timer judgeRounds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Fact> brokerFacts = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Instant> databaseDownSince = new AtomicReference<>();

    private Links links;
    /** Sharing the stream with other replicas: this replica's client id, and the judging of all devices. */
    private String replica;
    private Judge judge;
    /** The committed hearing, for readers outside the lock (the metrics). */
    private volatile Hearing hearing;
    private long run;
    private ScheduledExecutorService schedule;
    private Instant nextReload = Instant.EPOCH;
    private volatile Instant lastMark;
    private boolean assumingMarks;
    private int failures;

    Connectivity(ConnectivityStore store, DeviceDirectory directory,
            ConnectivityConfig config, MeterRegistry metrics, Event<ConnectivityChanged> changed, Leases leases) {
        this.changed = changed;
        this.leases = leases;
        this.store = store;
        this.directory = directory;
        this.config = config;
        this.sweepFailures = Counter.builder("hub.connectivity.sweep.failures")
                .description("connectivity sweeps that failed (the database was away, or a defect)").register(metrics);
        metrics.gauge("hub.connectivity.hearing", this, c -> c.hearing != null && c.hearing.hears() ? 1 : 0);
        metrics.gauge("hub.connectivity.heard.lag.seconds", this, Connectivity::lagSeconds);
        this.judgeRounds = io.micrometer.core.instrument.Timer.builder("hub.connectivity.judge.rounds")
                .description("rounds of the replica that judges every device's connectivity (several replicas only)")
                .register(metrics);
        metrics.gauge("hub.connectivity.judging", this, c -> c.judge == null || c.judge.judging() ? 1 : 0);
    }

    /**
     * Loads the registry and every device's connectivity, records that the hub heard nothing since
     * its previous run was last alive (HUB_DOWN), and starts the schedule. With {@code sharedAs}
     * (this replica's client id, when replicas share the stream), it loads no device: it records that
     * this replica heard nothing since it was last alive, and the judging replica decides.
     */
    public void start(Optional<String> sharedAs) throws SQLException {
        directory.reload();
        nextReload = Instant.now().plus(config.registryRefresh());
        Instant now = Instant.now();
        Optional<Instant> previousRun = store.lastAlive(); // before this run is written down
        run = store.startRun(instanceName(), now);
        if (sharedAs.isPresent()) {
            replica = sharedAs.get();
            judge = new Judge(store, directory, config, changed, replica, judgeRounds);
            links = new Links(Map.of(), now);
            Instant lastAlive = store.join(replica, now);
            decide(now, List.of(), () -> links.started(lastAlive), () -> store.inTransaction(this::writeHearing));
            LOG.infof("connectivity: replica %s shares the stream; it heard nothing since %s, and one replica "
                    + "decides every device's connectivity from what all of them hear", replica, lastAlive);
            startSchedule();
            return;
        }
        links = new Links(store.load(), now);
        Instant lastAlive = previousRun.orElse(now);
        decide(now, List.of(), () -> links.started(lastAlive), () -> store.inTransaction(this::writeChanges));
        if (previousRun.isPresent()) {
            LOG.infof("connectivity: the hub heard nothing from %s, when its previous run was last known alive, until "
                    + "it joins the broker and catches up; that time is unknown for every device", lastAlive);
        } else {
            LOG.info("connectivity: the first run of the hub on this database; devices are unknown until it joins the "
                    + "broker and catches up");
        }
        startSchedule();
    }

    private void startSchedule() {
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hub-connectivity");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.sweepInterval().toMillis();
        schedule.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (schedule != null) {
            schedule.shutdown();
            try {
                schedule.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (judge != null) {
            judge.stop(leases);
        }
    }

    /** The broker connection was lost; the hub last heard from the broker at {@code lastHeard}. */
    public void brokerLost(Instant lastHeard) {
        brokerFacts.add(new Fact(lastHeard, Fact.Kind.BROKER_DOWN));
    }

    /** The hub's subscriptions are in place again at {@code at}; what the broker queued comes now. */
    public void brokerJoined(Instant at) {
        brokerFacts.add(new Fact(at, Fact.Kind.BROKER_UP));
    }

    /** A transaction failed because the database is away; it counts as away from the first such failure. */
    public void databaseFailed(Instant at) {
        databaseDownSince.compareAndSet(null, at);
    }

    /** Whether the hub hears the devices now (not down, not cut off, not catching up), as last committed. */
    public boolean hears() {
        Hearing current = hearing;
        return current != null && current.hears();
    }

    /** What this hub has heard up to, as last committed: everything the broker queued for it before then is stored. */
    public Optional<Instant> heardUntil() {
        Hearing current = hearing;
        return Optional.ofNullable(current == null ? null : current.heardUntil());
    }

    /**
     * This replica would leave the shared stream: true, and it is written down as leaving, when
     * another member hears, so the stream never lacks a subscriber; false when it is the last.
     */
    public boolean leaving() {
        try {
            return replica != null && store.leave(replica, Instant.now(), config.sweepInterval().multipliedBy(3));
        } catch (SQLException e) {
            LOG.warnf("connectivity: could not write this replica down as leaving (%s); it keeps its share", e.getMessage());
            return false;
        }
    }

    /** This replica unsubscribed and drained what was queued for it: nothing waits for it any more. */
    public void left() {
        try {
            store.left(replica, Instant.now());
        } catch (SQLException e) {
            LOG.warnf("connectivity: could not write this replica down as left (%s)", e.getMessage());
        }
    }

    public boolean databaseReachable() {
        return databaseDownSince.get() == null;
    }

    /**
     * Applies a batch's signs (in arrival order) with what changed in what the hub can hear, writes
     * the resulting changes in the batch's transaction, and runs {@code commit}; on failure nothing
     * is applied and the caller may try again.
     */
    public void record(Connection connection, List<Sign> signs, Commit commit) throws SQLException {
        if (replica != null) {
            List<Sign> marks = signs.stream().filter(Sign.Mark.class::isInstance).toList();
            decide(Instant.now(), marks, () -> { }, () -> {
                store.forward(connection, signs);
                writeHearing(connection);
                commit.run();
            });
        } else {
            decide(Instant.now(), signs, () -> { }, () -> {
                writeChanges(connection);
                commit.run();
            });
        }
        for (Sign sign : signs) {
            if (sign instanceof Sign.Mark mark) {
                lastMark = mark.at();
            }
        }
    }

    /** Registry reload when due, then the sweep, then last-seen times and liveness. Never throws. */
    void tick() {
        Instant now = Instant.now();
        try {
            if (!now.isBefore(nextReload)) {
                directory.reload();
                nextReload = now.plus(config.registryRefresh());
            }
            sweep(now);
            saveLastSeen(now);
            if (judge != null) {
                judge.round(now);
            }
            if (failures > 0) {
                LOG.infof("connectivity sweeps work again after %d failures", failures);
                failures = 0;
            }
        } catch (SQLException e) {
            sweepFailures.increment();
            Blame blame = Blame.of(e);
            if (blame == Blame.DATABASE) {
                databaseFailed(now);
            }
            if (failures++ == 0) {
                LOG.warnf("connectivity sweep failed (%s), trying again every %s: %s", blame == Blame.DATABASE
                        ? "the database is away" : "the database refused it", config.sweepInterval(), e.getMessage());
            }
        } catch (RuntimeException e) {
            sweepFailures.increment();
            LOG.error("connectivity sweep failed unexpectedly; trying again at the next sweep", e);
        }
    }

    private void sweep(Instant now) throws SQLException {
        if (replica != null) {
            decide(now, List.of(), () -> withoutMarks(now), () -> store.inTransaction(this::writeHearing));
            return;
        }
        decide(now, List.of(), () -> {
            withoutMarks(now);
            links.silent(directory.all(), config::allowedSilence);
        }, () -> {
            if (!links.changes().isEmpty() || databaseDownSince.get() != null) {
                store.inTransaction(this::writeChanges);
            }
        });
    }

    private void saveLastSeen(Instant now) throws SQLException {
        Map<String, Instant> unsaved;
        lock.lock();
        try {
            unsaved = links.unsaved();
        } finally {
            lock.unlock();
        }
        store.inTransaction(connection -> {
            store.saveLastSeen(connection, unsaved);
            store.alive(connection, run, now);
        });
        lock.lock();
        try {
            links.saved(unsaved);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks that never come back (a broker ACL that refuses the hub its mark topic) would leave every
     * device UNKNOWN for ever: after {@code catch-up-timeout} without any mark in this run, the hub
     * assumes it has caught up, says so loudly, and judges silence as if each sweep were a mark.
     */
    private void withoutMarks(Instant now) {
        Hearing hearing = links.hearing();
        if (lastMark != null) {
            if (assumingMarks) {
                LOG.info("connectivity: catch-up marks come back now; silence is judged by them again");
                assumingMarks = false;
            }
            return;
        }
        boolean overdue = hearing.deafness() == Change.Reason.CATCHING_UP
                && Duration.between(hearing.catchUpFrom(), now).compareTo(config.catchUpTimeout()) >= 0;
        if (overdue && !assumingMarks) {
            LOG.warnf("connectivity: none of the hub's catch-up marks came back from the broker within %s; "
                    + "assuming it has caught up. Silence is judged without knowing whether a backlog still drains: "
                    + "let the hub publish and subscribe to its mark topic (docs/connectivity.md)", config.catchUpTimeout());
            assumingMarks = true;
        }
        if (assumingMarks) {
            links.assumeCaughtUp(now);
        }
    }

    /** What the proposal applied: the broker facts taken from the queue and the database outage, if any. */
    private record Applied(int brokerFacts, Instant databaseDown, Hearing before) {
    }

    /**
     * One decision, under the lock: the pending facts and {@code signs} proposed in time order, then
     * {@code more}; {@code store} writes the proposal and commits it, and only then is it applied.
     * If anything fails, nothing is applied, and the facts wait for the next decision.
     */
    private void decide(Instant now, List<Sign> signs, Runnable more, Commit store) throws SQLException {
        lock.lock();
        try {
            Applied applied = propose(now, signs);
            more.run();
            store.run();
            List<Change> changes = links.changes();
            committed(applied);
            if (!changes.isEmpty()) {
                changed.fire(new ConnectivityChanged(changes));
            }
        } catch (SQLException | RuntimeException e) {
            links.rollback();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void writeChanges(Connection connection) throws SQLException {
        store.write(connection, links.changes(), links.changed());
    }

    /** This replica's proposed hearing, for the judging replica. Holds the lock. */
    private void writeHearing(Connection connection) throws SQLException {
        store.hearing(connection, replica, links.hearing(), Instant.now());
    }

    /** Proposes the pending facts and {@code signs} to the links, in time order. Holds the lock. */
    private Applied propose(Instant now, List<Sign> signs) {
        List<Fact> facts = new ArrayList<>(brokerFacts);
        int taken = facts.size();
        Instant down = databaseDownSince.get();
        if (down != null) {
            facts.add(new Fact(down, Fact.Kind.DATABASE_DOWN));
            facts.add(new Fact(now, Fact.Kind.DATABASE_UP));
        }
        facts.sort(Comparator.comparing(Fact::at));
        Hearing before = links.hearing();
        int f = 0;
        for (Sign sign : signs) {
            while (f < facts.size() && !facts.get(f).at().isAfter(sign.at())) {
                apply(facts.get(f++));
            }
            links.apply(sign);
        }
        while (f < facts.size()) {
            apply(facts.get(f++));
        }
        return new Applied(taken, down, before);
    }

    private void apply(Fact fact) {
        switch (fact.kind()) {
            case BROKER_DOWN -> links.brokerDown(fact.at());
            case BROKER_UP -> links.brokerUp(fact.at());
            case DATABASE_DOWN -> links.databaseDown(fact.at());
            case DATABASE_UP -> links.databaseUp(fact.at());
        }
    }

    /** The proposal is stored: commit it in memory and take its facts off the queue. Holds the lock. */
    private void committed(Applied applied) {
        links.commit();
        for (int i = 0; i < applied.brokerFacts(); i++) {
            brokerFacts.poll();
        }
        if (applied.databaseDown() != null) {
            databaseDownSince.compareAndSet(applied.databaseDown(), null);
        }
        Hearing now = links.hearing();
        hearing = now;
        if (now.deafness() != applied.before().deafness() && now.deafness() != Change.Reason.HUB_DOWN) {
            if (now.hears()) {
                LOG.infof("connectivity: the hub hears again from %s (it could not since %s: %s); silence is judged again",
                        now.since(), applied.before().since(), applied.before().deafness());
            } else if (now.deafness() == Change.Reason.CATCHING_UP) {
                LOG.infof("connectivity: the hub catches up from %s on what the broker queued for it; devices stay "
                        + "UNKNOWN until it has", now.since());
            } else {
                LOG.infof("connectivity: the hub cannot hear from %s: %s; devices are UNKNOWN meanwhile",
                        now.since(), now.deafness());
            }
        }
    }

    private double lagSeconds() {
        Hearing current = hearing;
        Instant until = current == null ? null : current.heardUntil();
        return until == null ? Double.NaN : Duration.between(until, Instant.now()).toMillis() / 1000.0;
    }

    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "hub" : host;
    }
}
