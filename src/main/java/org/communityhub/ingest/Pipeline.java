package org.communityhub.ingest;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.communityhub.connectivity.Change;
import org.communityhub.connectivity.ConnectivityConfig;
import org.communityhub.connectivity.ConnectivityStore;
import org.communityhub.connectivity.Links;
import org.communityhub.devices.DeviceDirectory;
import org.jboss.logging.Logger;

/**
 * The ingest pipeline, in two stages that keep arrival order: a decoder thread cuts received
 * messages into batches (by size and age), parses, checks and formats them; a writer thread commits
 * each batch and only then has its messages acknowledged, while the decoder prepares the next. While the database is
 * unreachable it retries the same batch and takes nothing new, so the broker keeps the rest. The
 * same thread looks for silent devices and records that the hub is alive, so connectivity has one
 * owner.
 */
@ApplicationScoped
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /** How long the decoder naps between looks at the queue while a batch fills. */
    private static final long FILL_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final AgroalDataSource dataSource;
    private final Ingestion ingestion;
    private final DeviceDirectory directory;
    private final ConnectivityStore connectivity;
    private final ConnectivityConfig connectivityConfig;
    private final IngestConfig config;
    private final BlockingQueue<Inbound> queue = new LinkedBlockingQueue<>();
    /** Decoded batches waiting for the writer: while one commits, the next is decoded. */
    private final BlockingQueue<Ingestion.Decoded> decoded = new ArrayBlockingQueue<>(2);
    private final Timer commitLatency;
    private final DistributionSummary batchSizes;

    private Consumer<List<Inbound>> acknowledge;
    private Links links;
    private long run;
    private Thread decoder;
    private Thread writer;
    private Connection connection;
    private volatile boolean stopping;
    private volatile boolean databaseReachable = true;
    private Instant outageSince;
    private Instant nextSweep = Instant.EPOCH;
    private Instant nextReload = Instant.EPOCH;
    private int sweepsFailing;

    Pipeline(AgroalDataSource dataSource, Ingestion ingestion, DeviceDirectory directory,
            ConnectivityStore connectivity, ConnectivityConfig connectivityConfig, IngestConfig config,
            MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.ingestion = ingestion;
        this.directory = directory;
        this.connectivity = connectivity;
        this.connectivityConfig = connectivityConfig;
        this.config = config;
        this.commitLatency = Timer.builder("hub.ingest.commit").description("time to write and commit one batch")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.batchSizes = DistributionSummary.builder("hub.ingest.batch.size").description("messages per commit")
                .register(metrics);
        metrics.gauge("hub.ingest.in.flight", queue, BlockingQueue::size);
    }

    /**
     * Loads the registry and the connectivity state, records the time the hub was not running as
     * unknown, and starts the writer thread. {@code acknowledge} is called with each committed batch.
     */
    public void start(Consumer<List<Inbound>> acknowledge) throws SQLException {
        this.acknowledge = acknowledge;
        directory.reload();
        Instant now = Instant.now();
        links = new Links(connectivity.load(), now);
        var lastAlive = connectivity.lastAlive();
        run = connectivity.startRun(instanceName(), now);
        if (lastAlive.isPresent()) {
            links.gap(lastAlive.get(), now, Change.Reason.HUB_DOWN);
            commit(ingestion.decode(List.of()));
            LOG.infof("connectivity: the hub was not running from %s to %s; that time is unknown for every device",
                    lastAlive.get(), now);
        }
        decoder = new Thread(this::decodeLoop, "hub-ingest-decoder");
        writer = new Thread(this::writeLoop, "hub-ingest-writer");
        decoder.start();
        writer.start();
    }

    /** Called on the MQTT client's thread for each message; never blocks. */
    public void submit(Inbound message) {
        queue.add(message);
    }

    public boolean databaseReachable() {
        return databaseReachable;
    }

    /** Stage one: batches by size and age, parsed, checked and formatted, in arrival order. */
    private void decodeLoop() {
        while (!stopping) {
            try {
                Inbound first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    Ingestion.Decoded batch = decodeUntilDone(fill(first));
                    while (!decoded.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        if (stopping) {
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A defect must not end ingestion: what was not acknowledged comes again.
                LOG.error("the ingest decoder failed unexpectedly and goes on", e);
            }
        }
    }

    /** Stage two: each decoded batch committed, then acknowledged; connectivity sweeps in between. */
    private void writeLoop() {
        while (!stopping) {
            try {
                Ingestion.Decoded batch = decoded.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    commitUntilDone(batch);
                    acknowledge.accept(batch.batch());
                }
                housekeeping();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("the ingest writer failed unexpectedly and goes on", e);
            }
        }
    }

    /** Device look-ups may need the database: retried while it is away. */
    private Ingestion.Decoded decodeUntilDone(List<Inbound> batch) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            try {
                return ingestion.decode(batch);
            } catch (SQLException e) {
                if (stopping) {
                    throw new InterruptedException("stopping with an undecoded batch; the broker will redeliver it");
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 2_000);
            }
        }
    }

    private List<Inbound> fill(Inbound first) throws InterruptedException {
        List<Inbound> batch = new ArrayList<>(Math.min(config.ingest().batchSize(), 256));
        batch.add(first);
        long deadline = System.nanoTime() + config.ingest().batchDelay().toNanos();
        while (batch.size() < config.ingest().batchSize()) {
            if (queue.drainTo(batch, config.ingest().batchSize() - batch.size()) > 0) {
                continue;
            }
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                break;
            }
            // Nap rather than wait on the queue: waiting would wake this thread for every message
            // that arrives, and at tens of thousands a second those wake-ups cost more than the work.
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, FILL_NAP_NANOS));
        }
        return batch;
    }

    /** Retries while the database is unreachable; returns once the batch is committed. */
    private void commitUntilDone(Ingestion.Decoded batch) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            try {
                long start = System.nanoTime();
                Ingestion.Outcome outcome = commit(batch);
                commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSizes.record(batch.batch().size());
                ingestion.count(outcome, Instant.now());
                return;
            } catch (SQLException e) {
                if (databaseReachable) {
                    LOG.errorf("storing a batch of %d messages failed; retrying until the database answers: %s",
                            batch.batch().size(), e.getMessage());
                    outageSince = Instant.now();
                }
                databaseReachable = false;
                if (stopping) {
                    throw new InterruptedException("stopping with an uncommitted batch; the broker will redeliver it");
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 2_000);
            }
        }
    }

    /** One transaction: the batch, the connectivity it implies, and the end of an outage if there was one. */
    private Ingestion.Outcome commit(Ingestion.Decoded batch) throws SQLException {
        try {
            Connection c = connection();
            if (outageSince != null) {
                links.gap(outageSince, Instant.now(), Change.Reason.DATABASE_DOWN);
            }
            Ingestion.Outcome outcome = ingestion.write(c, batch, links);
            c.commit();
            links.commit();
            if (outageSince != null) {
                LOG.infof("database reachable again; stored what arrived meanwhile (outage since %s)", outageSince);
                outageSince = null;
            }
            databaseReachable = true;
            return outcome;
        } catch (SQLException | RuntimeException e) {
            links.rollback();
            discardConnection();
            throw e instanceof SQLException sql ? sql : new SQLException(e);
        }
    }

    private void housekeeping() {
        Instant now = Instant.now();
        if (!databaseReachable) {
            return;
        }
        try {
            if (!now.isBefore(nextReload)) {
                directory.reload();
                nextReload = now.plus(connectivityConfig.registryRefresh());
            }
            if (!now.isBefore(nextSweep)) {
                links.silent(now, directory.all(), device -> allowedSilence(device));
                Connection c = connection();
                Map<String, Links.Link> unsaved = links.unsaved();
                connectivity.save(c, unsaved);
                connectivity.alive(c, run, now);
                commit(ingestion.decode(List.of()));
                links.saved(unsaved.keySet());
                nextSweep = now.plus(connectivityConfig.sweepInterval());
            }
        } catch (SQLException e) {
            links.rollback();
            discardConnection();
            if (sweepsFailing++ == 0) {
                LOG.warnf("registry reload or connectivity sweep failed, trying again every %s: %s", connectivityConfig.sweepInterval(),
                        e.getMessage());
            }
            nextSweep = now.plus(connectivityConfig.sweepInterval());
            if (nextReload.isBefore(nextSweep)) {
                nextReload = nextSweep;
            }
            return;
        }
        if (sweepsFailing > 0) {
            LOG.infof("registry reload and connectivity sweep work again after %d failures", sweepsFailing);
            sweepsFailing = 0;
        }
    }

    private Duration allowedSilence(DeviceDirectory.Entry device) {
        Duration interval = device.expectedIntervalSeconds() != null
                ? Duration.ofSeconds(device.expectedIntervalSeconds())
                : connectivityConfig.interval(device.deviceClass());
        return Duration.ofMillis(Math.round(interval.toMillis() * connectivityConfig.offlineFactor()));
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void discardConnection() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken anyway
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do with it
            }
            connection = null;
        }
    }

    public void stop() {
        stopping = true;
        for (Thread thread : new Thread[] {decoder, writer}) {
            if (thread != null) {
                try {
                    thread.join(Duration.ofSeconds(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        discardConnection();
    }

    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "hub" : host;
    }
}
