package org.communityhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.connectivity.ConnectivityStore;
import org.communityhub.connectivity.Links;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryStore;
import org.communityhub.telemetry.TelemetryStore.Received;
import org.communityhub.telemetry.TelemetryTable;
import org.jboss.logging.Logger;

/**
 * What happens to a batch of MQTT messages: each is parsed at the edge, then stored, or
 * dead-lettered with its reason; connectivity follows from what arrived. Everything is written in
 * the caller's transaction; a database failure is thrown so that the caller retries the batch and
 * acknowledges nothing.
 */
@ApplicationScoped
public class Ingestion {

    private static final Logger LOG = Logger.getLogger(Ingestion.class);

    /**
     * Histogram buckets of the latency timers, around the 250 ms target of docs/benchmarks.md. They are
     * recorded for every message, so they publish buckets only (Prometheus computes quantiles from
     * them); client-side percentiles would cost an HdrHistogram update per message.
     */
    private static final Duration[] LATENCY_BUCKETS = java.util.stream.LongStream
            .of(10, 25, 50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 2000, 5000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    /**
     * A batch parsed at the edge and formatted for the database, in arrival order: what to store,
     * what to refuse, and what it says about connectivity. Made without touching connectivity, so
     * that it can be prepared while the previous batch commits.
     */
    record Decoded(List<Inbound> batch, List<Received<Reading>> readings, int events, TelemetryStore.Rows rows,
            List<DeadLetters.DeadLetter> deadLetters, List<Sign> signs) {
    }

    /** What a message says about its device's connectivity. */
    record Sign(String deviceId, Instant at, Boolean online, boolean retained) {
        /** Any accepted message: the device is there. */
        static Sign seen(String deviceId, Instant at) {
            return new Sign(deviceId, at, null, false);
        }
    }

    /** What one committed batch did, for metrics. */
    record Outcome(Decoded decoded, TelemetryStore.Stored stored) {
    }

    private final DeviceDirectory directory;
    private final TelemetryStore store;
    private final ConnectivityStore connectivity;
    private final IngestConfig config;
    private final PayloadDecoder decoder;
    private final MeterRegistry metrics;
    private final Counter received;
    private final Counter duplicates;
    private final Timer receiveToCommit;
    private final Timer ageAtCommit;

    Ingestion(DeviceDirectory directory, TelemetryStore store, ConnectivityStore connectivity, IngestConfig config,
            ObjectMapper json, MeterRegistry metrics) {
        this.directory = directory;
        this.store = store;
        this.connectivity = connectivity;
        this.config = config;
        this.decoder = new PayloadDecoder(json, config.ingest().maxFutureSkew(), config.ingest().maxAge());
        this.metrics = metrics;
        this.received = metrics.counter("hub.ingest.messages.received");
        this.duplicates = metrics.counter("hub.ingest.records.duplicate");
        this.receiveToCommit = Timer.builder("hub.ingest.receive.to.commit")
                .description("from the hub receiving a message to its batch being committed")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(metrics);
        this.ageAtCommit = Timer.builder("hub.ingest.age.at.commit")
                .description("from a reading's ts (device clock) to its commit: publish-to-commit where clocks agree")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(metrics);
    }

    /** Parses and checks the batch and formats it for COPY; may look devices up in the database. */
    Decoded decode(List<Inbound> batch) throws SQLException {
        List<Received<Reading>> readings = new ArrayList<>();
        List<Received<DeviceEvent>> events = new ArrayList<>();
        List<DeadLetters.DeadLetter> deadLetters = new ArrayList<>();
        List<Sign> signs = new ArrayList<>();
        for (Inbound message : batch) {
            try {
                accept(message, readings, events, signs);
            } catch (Rejected rejected) {
                deadLetters.add(deadLetter(message, rejected.reason(), rejected.getMessage()));
            } catch (RuntimeException bug) {
                // Never retried: it would fail again and hold up every message behind it.
                LOG.error("processing a message from " + message.topic() + " failed; dead-lettered", bug);
                deadLetters.add(deadLetter(message, Reason.PROCESSING_FAILED, bug.toString()));
            }
        }
        return new Decoded(batch, readings, events.size(), TelemetryStore.format(readings, events), deadLetters, signs);
    }

    /** Writes a decoded batch in {@code connection}'s transaction, proposing its connectivity changes to {@code links}. */
    Outcome write(Connection connection, Decoded decoded, Links links) throws SQLException {
        for (Sign sign : decoded.signs()) {
            if (sign.online() == null) {
                links.seen(sign.deviceId(), sign.at());
            } else {
                links.status(sign.deviceId(), sign.online(), sign.retained(), sign.at());
            }
        }
        TelemetryStore.Stored stored = store.write(connection, decoded.rows());
        DeadLetters.write(connection, decoded.deadLetters(), config.ingest().deadLetterPayloadChars());
        connectivity.write(connection, links.changes(), links.changed());
        return new Outcome(decoded, stored);
    }

    /** Counts a committed batch; {@code committedAt} is when its transaction committed. */
    void count(Outcome outcome, Instant committedAt) {
        Decoded decoded = outcome.decoded();
        received.increment(decoded.batch().size());
        int storedReadings = 0;
        for (Map.Entry<TelemetryTable, Integer> table : outcome.stored().readings().entrySet()) {
            metrics.counter("hub.ingest.readings.stored", "class", table.getKey().name()).increment(table.getValue());
            storedReadings += table.getValue();
        }
        metrics.counter("hub.ingest.events.stored").increment(outcome.stored().events());
        duplicates.increment(decoded.readings().size() - storedReadings + decoded.events() - outcome.stored().events());
        for (DeadLetters.DeadLetter letter : decoded.deadLetters()) {
            String deviceClass = letter.deviceId() == null ? "unknown" : directory.cached(letter.deviceId())
                    .map(device -> device.deviceClass().name()).orElse("unknown");
            metrics.counter("hub.ingest.dead.letters", "reason", letter.reason().name(), "class", deviceClass)
                    .increment();
        }
        for (Inbound message : decoded.batch()) {
            receiveToCommit.record(Duration.between(message.receivedAt(), committedAt));
        }
        for (Received<Reading> reading : decoded.readings()) {
            Duration age = Duration.between(reading.item().ts(), committedAt);
            if (!age.isNegative()) {
                ageAtCommit.record(age);
            }
        }
    }

    private void accept(Inbound message, List<Received<Reading>> readings, List<Received<DeviceEvent>> events,
            List<Sign> signs) throws Rejected, SQLException {
        Topic topic = Topic.parse(message.topic());
        if (message.payload().length > config.ingest().maxPayloadBytes()) {
            throw new Rejected(Reason.OVERSIZED, message.payload().length + " bytes is over the limit of "
                    + config.ingest().maxPayloadBytes());
        }
        DeviceDirectory.Entry device = registered(topic.deviceId());
        switch (topic.channel()) {
            case TELEMETRY -> {
                List<Reading> decoded = decoder.telemetry(device.id(), TelemetryTable.of(device.deviceClass()),
                        message.payload(), message.receivedAt());
                for (Reading reading : decoded) {
                    readings.add(new Received<>(reading, message.receivedAt()));
                }
                signs.add(Sign.seen(device.id(), message.receivedAt()));
            }
            case EVENT -> {
                events.add(new Received<>(decoder.event(device.id(), device.deviceClass(), message.payload(),
                        message.receivedAt()), message.receivedAt()));
                signs.add(Sign.seen(device.id(), message.receivedAt()));
            }
            case STATUS -> signs.add(new Sign(device.id(), message.receivedAt(), PayloadDecoder.online(message.payload()),
                    message.retained()));
            case COMMAND_ACK -> throw new Rejected(Reason.UNKNOWN_CHANNEL, "command/ack is not consumed by this version");
        }
    }

    private DeviceDirectory.Entry registered(String deviceId) throws Rejected, SQLException {
        Optional<DeviceDirectory.Entry> device = directory.find(deviceId);
        if (device.isEmpty()) {
            throw new Rejected(Reason.UNKNOWN_DEVICE, "no device " + deviceId + " is registered");
        }
        if (device.get().state() == DeviceState.DECOMMISSIONED) {
            throw new Rejected(Reason.DECOMMISSIONED_DEVICE, "device " + deviceId + " is decommissioned");
        }
        return device.get();
    }

    private static DeadLetters.DeadLetter deadLetter(Inbound message, Reason reason, String detail) {
        return new DeadLetters.DeadLetter(message.receivedAt(), message.topic(), Topic.deviceIdOrNull(message.topic()),
                reason, detail, message.payload());
    }
}
