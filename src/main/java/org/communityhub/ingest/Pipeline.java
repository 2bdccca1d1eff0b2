package org.communityhub.ingest;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.communityhub.connectivity.Connectivity;
import org.communityhub.reports.InService;
import org.jboss.logging.Logger;

/**
 * The ingest pipeline, in two stages that keep arrival order: a decoder thread cuts received
 * messages into batches (by count, bytes and age), parses, checks and formats them; a writer thread
 * commits each batch and only then has its messages acknowledged, while the decoder prepares the
 * next ({@link StoringBatches}). The queue between the MQTT edge and the decoder is bounded in bytes:
 * above {@code queue-high-water} the edge stops reading from the broker's socket, below half of it
 * it reads again, so the broker, not the hub's heap, holds a backlog. A batch lost to an unexpected
 * failure drops the MQTT connection, so that the broker sends it again.
 */
@ApplicationScoped
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /** How long the decoder naps between looks at the queue while a batch fills. */
    private static final long FILL_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A batch closes at this many payload bytes, whatever its count: it bounds what the two stages hold. */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    /** Messages taken from the queue at once while a batch fills. */
    private static final int DRAIN_CHUNK = 64;

    private final Ingestion ingestion;
    private final Connectivity connectivity;
    private final InService inService;
    private final AgroalDataSource dataSource;
    private final IngestConfig config;
    private final MeterRegistry metrics;
    private final BlockingQueue<Inbound> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Decoded batches waiting for the writer: while one commits, the next is decoded. */
    private final BlockingQueue<Ingestion.Decoded> decoded = new ArrayBlockingQueue<>(2);
    private final Counter dropped;
    private final long highWater;

    private MqttIngest edge;
    private StoringBatches storing;
    private Thread decoder;
    private Thread writer;
    private volatile boolean stopping;

    Pipeline(Ingestion ingestion, Connectivity connectivity, InService inService, AgroalDataSource dataSource,
            IngestConfig config, MeterRegistry metrics) {
        this.ingestion = ingestion;
        this.inService = inService;
        this.connectivity = connectivity;
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
        this.highWater = config.queueHighWater().asLongValue();
        this.dropped = Counter.builder("hub.ingest.batches.dropped")
                .description("batches lost to an unexpected failure; the MQTT connection was dropped so that the broker "
                        + "sends them again").register(metrics);
        metrics.gauge("hub.ingest.in.flight", queue, BlockingQueue::size);
        metrics.gauge("hub.ingest.queue.bytes", queuedBytes, AtomicLong::get);
        metrics.gauge("hub.ingest.reading.paused", this, p -> p.edge != null && p.edge.paused() ? 1 : 0);
    }

    /** Starts the decoder and the writer; {@code edge} acknowledges committed batches and is paused when the queue is full. */
    public void start(MqttIngest edge) {
        this.edge = edge;
        this.storing = new StoringBatches(ingestion, connectivity, inService, dataSource, edge, () -> stopping, metrics);
        decoder = new Thread(this::decodeLoop, "hub-ingest-decoder");
        writer = new Thread(this::writeLoop, "hub-ingest-writer");
        decoder.start();
        writer.start();
    }

    /** Called on the MQTT event loop for each message; never blocks, and stops the edge reading when the queue is full. */
    public void submit(Inbound message) {
        queue.add(message);
        if (queuedBytes.addAndGet(message.bytes()) > highWater && !edge.paused()) {
            edge.pause();
        }
    }

    /** Stage one: batches by count, bytes and age, parsed, checked and formatted, in arrival order. */
    private void decodeLoop() {
        while (!stopping) {
            List<Inbound> batch = List.of();
            try {
                if (edge.paused() && queuedBytes.get() < highWater / 2) {
                    edge.resume();
                }
                Inbound first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch = fill(first);
                Ingestion.Decoded next = storing.decode(batch);
                while (!decoded.offer(next, 100, TimeUnit.MILLISECONDS)) {
                    if (stopping) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | Error e) {
                dropped(batch, e);
            }
        }
    }

    /** Stage two: each decoded batch committed, then acknowledged. */
    private void writeLoop() {
        while (!stopping) {
            Ingestion.Decoded batch = null;
            try {
                batch = decoded.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    storing.store(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | Error e) {
                storing.discardConnection();
                dropped(batch == null ? List.of() : batch.batch(), e);
            }
        }
    }

    /**
     * A batch was lost to a failure nothing else caught: counted, logged with its cause, and the
     * MQTT connection dropped, so that the broker sends it again instead of holding it unacknowledged
     * (and its in-flight window with it) for as long as the connection lasts.
     */
    private void dropped(List<Inbound> batch, Throwable cause) {
        dropped.increment();
        LOG.error("a batch of " + batch.size() + " messages was lost to an unexpected failure; dropping the MQTT "
                + "connection so that the broker sends them again", cause);
        edge.reset("a batch was lost: " + cause);
    }

    private List<Inbound> fill(Inbound first) throws InterruptedException {
        int max = config.batchSize();
        List<Inbound> batch = new ArrayList<>(Math.min(max, 256));
        batch.add(first);
        long bytes = first.payload().length;
        long taken = first.bytes();
        long deadline = System.nanoTime() + config.batchDelay().toNanos();
        try {
            while (batch.size() < max && bytes < MAX_BATCH_BYTES) {
                // a few at a time: one lock for many messages, and the byte limit overshot by few
                int from = batch.size();
                if (queue.drainTo(batch, Math.min(DRAIN_CHUNK, max - from)) > 0) {
                    for (int i = from; i < batch.size(); i++) {
                        bytes += batch.get(i).payload().length;
                        taken += batch.get(i).bytes();
                    }
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
        } finally {
            queuedBytes.addAndGet(-taken);
        }
        return batch;
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
        if (storing != null) {
            storing.discardConnection();
        }
    }
}
