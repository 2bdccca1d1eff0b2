package org.communityhub.ingest;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.communityhub.connectivity.Connectivity;
import org.communityhub.database.Blame;
import org.communityhub.reports.InService;
import org.communityhub.telemetry.TelemetryStore;
import org.jboss.logging.Logger;

/**
 * Decodes and stores batches for the {@link Pipeline}'s two threads: each batch in one transaction
 * with its connectivity, acknowledged once committed. What a failure means decides what follows
 * ({@link Blame}; the table is in docs/architecture.md):
 * <ul>
 * <li>the database's (away, overloaded): the same work again, with back-off, for as long as it
 * takes; nothing is acknowledged meanwhile, so the broker keeps the rest;</li>
 * <li>the data's: the batch is split in halves, each stored on its own, until each message the
 * database refuses is alone; it is dead-lettered as DATABASE_REJECTED with the SQLSTATE and the
 * database's message, and everything else is committed and acknowledged, in order;</li>
 * <li>a defect of the hub on a message (an unexpected exception): isolated the same way and
 * dead-lettered as PROCESSING_FAILED.</li>
 * </ul>
 * One message can therefore never hold up the others, and only an outage is waited out.
 */
final class StoringBatches {

    private static final Logger LOG = Logger.getLogger(StoringBatches.class);

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private final Ingestion ingestion;
    private final Connectivity connectivity;
    private final InService inService;
    private final AgroalDataSource dataSource;
    private final MqttIngest edge;
    private final BooleanSupplier stopping;
    private final Timer commitLatency;
    private final DistributionSummary batchSizes;
    private final Counter isolations;
    private final Counter lost;
    private final Counter conflicts;
    private final AtomicReference<Instant> outageSince = new AtomicReference<>();
    /** The writer thread's connection. */
    private Connection connection;

    StoringBatches(Ingestion ingestion, Connectivity connectivity, InService inService, AgroalDataSource dataSource,
            MqttIngest edge, BooleanSupplier stopping, MeterRegistry metrics) {
        this.ingestion = ingestion;
        this.inService = inService;
        this.connectivity = connectivity;
        this.dataSource = dataSource;
        this.edge = edge;
        this.stopping = stopping;
        this.commitLatency = Timer.builder("hub.ingest.commit").description("time to write and commit one batch")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.batchSizes = DistributionSummary.builder("hub.ingest.batch.size").description("messages per commit")
                .register(metrics);
        this.isolations = Counter.builder("hub.ingest.batches.split")
                .description("batches the database refused, split to isolate the messages it refuses").register(metrics);
        this.lost = Counter.builder("hub.ingest.messages.unstorable")
                .description("messages acknowledged although not even their dead letter could be stored").register(metrics);
        this.conflicts = Counter.builder("hub.ingest.batches.conflicts")
                .description("batch writes tried again because another transaction got in the way (a deadlock)")
                .register(metrics);
    }

    /** Decodes a batch; device look-ups need the database, so this waits while it is away. */
    Ingestion.Decoded decode(List<Inbound> batch) throws InterruptedException, SQLException {
        return untilAnswered(() -> ingestion.decode(batch));
    }

    /** Stores and acknowledges a batch; returns once all of it is committed, in one piece or in several. */
    void store(Ingestion.Decoded batch) throws InterruptedException, SQLException {
        Exception refused = null;
        try {
            untilAnswered(() -> commit(batch));
        } catch (SQLException | RuntimeException e) {
            refused = e;
        }
        if (refused == null) {
            edge.acknowledge(batch.batch());
            return;
        }
        List<Inbound> messages = batch.batch();
        if (messages.size() == 1) {
            deadLetter(messages.get(0), refused);
            return;
        }
        isolations.increment();
        int half = messages.size() / 2;
        store(decode(messages.subList(0, half)));
        store(decode(messages.subList(half, messages.size())));
    }

    /** Dead-letters a message whose storing failed on its own: with its payload, else without, else not at all. */
    private void deadLetter(Inbound message, Exception cause) throws InterruptedException, SQLException {
        Reason reason;
        String detail;
        if (cause instanceof SQLException sql) {
            reason = Reason.DATABASE_REJECTED;
            detail = "SQLSTATE " + sql.getSQLState() + ": " + sql.getMessage();
            LOG.warnf("the database refused a message on %s; dead-lettered: %s", message.topic(), detail);
        } else {
            reason = Reason.PROCESSING_FAILED;
            detail = cause.toString();
            LOG.error("storing a message from " + message.topic() + " failed; dead-lettered", cause);
        }
        Inbound bare = new Inbound(message.topic(), new byte[0], message.size(), message.retained(),
                message.receivedAt(), message.connection(), message.packetId());
        for (Inbound letter : List.of(message, bare)) {
            try {
                untilAnswered(() -> commit(ingestion.refused(letter, reason, detail)));
                edge.acknowledge(List.of(message));
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.errorf("the dead letter of a message on %s was refused too: %s", message.topic(), e.toString());
            }
        }
        lost.increment();
        LOG.errorf("a message on %s could not be stored, nor its dead letter; acknowledged so that it holds up nothing",
                message.topic());
        edge.acknowledge(List.of(message));
    }

    /** Writes and commits one batch with its connectivity. */
    private Void commit(Ingestion.Decoded batch) throws SQLException {
        long start = System.nanoTime();
        TelemetryStore.Stored stored;
        InService.Pending serving;
        try {
            Connection c = connection();
            stored = ingestion.write(c, batch);
            serving = inService.write(c, batch.stored());
            connectivity.record(c, batch.signs(), c::commit);
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            throw e;
        }
        inService.committed(serving);
        ingestion.count(batch, stored, Instant.now());
        ingestion.committed(batch);
        commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSizes.record(batch.batch().size());
        return null;
    }

    /** Runs {@code attempt} until the database answers; a failure that is the data's is thrown. */
    private <T> T untilAnswered(Attempt<T> attempt) throws InterruptedException, SQLException {
        long backoffMs = 100;
        while (true) {
            try {
                T result = attempt.run();
                Instant outage = outageSince.getAndSet(null);
                if (outage != null) {
                    LOG.infof("database reachable again; storing what arrived meanwhile (away since %s)", outage);
                }
                return result;
            } catch (SQLException e) {
                Blame blame = Blame.of(e);
                if (blame == Blame.DATA) {
                    throw e;
                }
                if (blame == Blame.CONFLICT) {
                    // another transaction got in the way (a deadlock with the command dispatch's updates,
                    // say): not an outage, so nothing becomes UNKNOWN; the same batch again at once
                    conflicts.increment();
                    LOG.debugf("a batch met a conflicting transaction (SQLSTATE %s); trying it again", e.getSQLState());
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5, 50));
                    continue;
                }
                Instant now = Instant.now();
                if (outageSince.compareAndSet(null, now)) {
                    LOG.errorf("the database is away (SQLSTATE %s: %s); waiting for it, taking nothing new meanwhile",
                            e.getSQLState(), e.getMessage());
                }
                connectivity.databaseFailed(now);
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException("stopping while the database is away; the broker sends the batch again");
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 2_000);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    void discardConnection() {
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
}
