package org.communityhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.communityhub.connectivity.Sign;
import org.communityhub.commands.CommandAck;
import org.communityhub.commands.CommandAcks;
import org.communityhub.commands.CommandProgress;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.communityhub.telemetry.BatchCommitted;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryStore;
import org.communityhub.telemetry.TelemetryTable;
import org.jboss.logging.Logger;

/**
 * What happens to a batch of MQTT messages: each is parsed at the edge and formatted for COPY, or
 * refused with its reason; what arrived also says something about connectivity ({@link Sign}).
 * Writing stores the readings, events and dead letters in the caller's transaction.
 */
@ApplicationScoped
public class Ingestion {

    private static final Logger LOG = Logger.getLogger(Ingestion.class);

    /**
     * Histogram buckets of the latency timers, around the 250 ms target of docs/benchmarks.md. They are
     * recorded for every message, so they publish buckets only (Prometheus computes quantiles from
     * them); client-side percentiles would cost an HdrHistogram update per message.
     */
    private static final Duration[] LATENCY_BUCKETS = LongStream
            .of(10, 25, 50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 2000, 5000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    /**
     * A batch parsed at the edge and formatted for the database, in arrival order: what to store,
     * what to refuse, and what it says about connectivity.
     */
    record Decoded(List<Inbound> batch, int marks, List<Instant> readingTimes, int events, TelemetryStore.Rows rows,
            List<DeadLetters.DeadLetter> deadLetters, List<Sign> signs, List<BatchCommitted.Message> stored,
            List<CommandProgress> commands) {
    }

    /**
     * What one message comes to: readings or an event to store, what the device reports of a command,
     * a sign for connectivity; any may be missing.
     */
    private record Accepted(List<Reading> readings, DeviceEvent event, CommandProgress command, Sign sign) {
        static final Accepted NOTHING = new Accepted(List.of(), null, null, null);

        Accepted(List<Reading> readings, DeviceEvent event, Sign sign) {
            this(readings, event, null, sign);
        }
    }

    private final DeviceDirectory directory;
    private final TelemetryStore store;
    private final CommandAcks commandAcks;
    private final Marks marks;
    private final IngestConfig config;
    private final PayloadDecoder decoder;
    private final MeterRegistry metrics;
    private final Event<BatchCommitted> committed;
    private final Counter received;
    private final Counter duplicates;
    private final Timer receiveToCommit;
    private final Timer ageAtCommit;

    Ingestion(DeviceDirectory directory, TelemetryStore store, Marks marks, IngestConfig config, ObjectMapper json,
            MeterRegistry metrics, Event<BatchCommitted> committed, CommandAcks commandAcks) {
        this.commandAcks = commandAcks;
        this.committed = committed;
        this.directory = directory;
        this.store = store;
        this.marks = marks;
        this.config = config;
        this.decoder = new PayloadDecoder(json, config.maxFutureSkew(), config.maxAge());
        this.metrics = metrics;
        this.received = metrics.counter("hub.ingest.messages.received");
        this.duplicates = metrics.counter("hub.ingest.records.duplicate");
        FunctionCounter.builder("hub.ingest.values.cleaned", decoder, PayloadDecoder::cleanedValues)
                .description("strings and names in free-form JSON stored with U+0000 or a lone surrogate replaced")
                .register(metrics);
        this.receiveToCommit = Timer.builder("hub.ingest.receive.to.commit")
                .description("from the hub receiving a message to its batch being committed")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(metrics);
        this.ageAtCommit = Timer.builder("hub.ingest.age.at.commit")
                .description("from a reading's ts (device clock) to its commit: publish-to-commit where clocks agree")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(metrics);
    }

    /**
     * Parses, checks and formats the batch; may look devices up in the database. A message the hub
     * fails on (a defect) is refused as PROCESSING_FAILED rather than retried: it would fail again and
     * hold up every message behind it.
     */
    Decoded decode(List<Inbound> batch) throws SQLException {
        TelemetryStore.Rows rows = new TelemetryStore.Rows();
        List<Instant> readingTimes = new ArrayList<>(batch.size());
        int events = 0;
        List<DeadLetters.DeadLetter> deadLetters = new ArrayList<>();
        List<Sign> signs = new ArrayList<>(batch.size());
        List<BatchCommitted.Message> stored = new ArrayList<>(batch.size());
        List<CommandProgress> commands = new ArrayList<>();
        int hubMarks = 0;
        for (Inbound message : batch) {
            boolean mark = message.topic().equals(marks.topic());
            hubMarks += mark ? 1 : 0;
            Accepted accepted;
            try {
                accepted = mark ? mark(message) : accept(message);
                rows.add(accepted.readings(), accepted.event(), message.receivedAt());
            } catch (Rejected rejected) {
                deadLetters.add(deadLetter(message, rejected.reason(), rejected.getMessage()));
                continue;
            } catch (RuntimeException | StackOverflowError bug) {
                LOG.error("processing a message from " + message.topic() + " failed; dead-lettered", bug);
                deadLetters.add(deadLetter(message, Reason.PROCESSING_FAILED, bug.toString()));
                continue;
            }
            accepted.readings().forEach(reading -> readingTimes.add(reading.ts()));
            events += accepted.event() == null ? 0 : 1;
            if (!accepted.readings().isEmpty() || accepted.event() != null) {
                String deviceId = accepted.event() != null ? accepted.event().deviceId()
                        : accepted.readings().get(0).deviceId();
                stored.add(new BatchCommitted.Message(deviceId, message.receivedAt(),
                        accepted.readings(), accepted.event()));
            }
            if (accepted.sign() != null) {
                signs.add(accepted.sign());
            }
            if (accepted.command() != null) {
                commands.add(accepted.command());
            }
        }
        return new Decoded(batch, hubMarks, readingTimes, events, rows, deadLetters, signs, stored, commands);
    }

    /** A batch of one message, refused with {@code reason}. */
    Decoded refused(Inbound message, Reason reason, String detail) {
        return new Decoded(List.of(message), 0, List.of(), 0, new TelemetryStore.Rows(),
                List.of(deadLetter(message, reason, detail)), List.of(), List.of(), List.of());
    }

    /**
     * Stores the readings, events, what devices report of their commands and dead letters of a decoded
     * batch in {@code connection}'s transaction.
     */
    TelemetryStore.Stored write(Connection connection, Decoded decoded) throws SQLException {
        TelemetryStore.Stored stored = store.write(connection, decoded.rows());
        commandAcks.write(connection, decoded.commands());
        DeadLetters.write(connection, decoded.deadLetters(), config.deadLetterPayloadChars());
        return stored;
    }

    /** Counts a committed batch; {@code committedAt} is when its transaction committed. */
    void count(Decoded decoded, TelemetryStore.Stored stored, Instant committedAt) {
        received.increment(decoded.batch().size() - decoded.marks()); // the hub's own marks are not devices' messages
        int storedReadings = 0;
        for (Map.Entry<TelemetryTable, Integer> table : stored.readings().entrySet()) {
            metrics.counter("hub.ingest.readings.stored", "class", table.getKey().name()).increment(table.getValue());
            storedReadings += table.getValue();
        }
        metrics.counter("hub.ingest.events.stored").increment(stored.events());
        duplicates.increment(decoded.readingTimes().size() - storedReadings + decoded.events() - stored.events());
        for (DeadLetters.DeadLetter letter : decoded.deadLetters()) {
            String deviceClass = letter.deviceId() == null ? "unknown" : directory.cached(letter.deviceId())
                    .map(device -> device.deviceClass().name()).orElse("unknown");
            metrics.counter("hub.ingest.dead.letters", "reason", letter.reason().name(), "class", deviceClass)
                    .increment();
        }
        for (Inbound message : decoded.batch()) {
            receiveToCommit.record(Duration.between(message.receivedAt(), committedAt));
        }
        for (Instant ts : decoded.readingTimes()) {
            Duration age = Duration.between(ts, committedAt);
            if (!age.isNegative()) {
                ageAtCommit.record(age);
            }
        }
    }

    /** One of the hub's catch-up marks; one of an earlier run, replayed from its session, says nothing. */
    private Accepted mark(Inbound message) {
        return marks.publishedAt(message.payload())
                .map(at -> new Accepted(List.of(), null, new Sign.Mark(at, message.receivedAt())))
                .orElse(Accepted.NOTHING);
    }

    /** Tells the features that react to data (alert rules) what a committed batch stored. */
    void committed(Decoded decoded) {
        if (!decoded.stored().isEmpty()) {
            committed.fire(new BatchCommitted(decoded.stored()));
        }
    }

    private Accepted accept(Inbound message) throws Rejected, SQLException {
        Topic topic = Topic.parse(message.topic());
        if (message.size() > config.maxPayloadBytes()) {
            throw new Rejected(Reason.OVERSIZED, message.size() + " bytes is over the limit of " + config.maxPayloadBytes());
        }
        DeviceDirectory.Entry device = registered(topic.deviceId());
        return switch (topic.channel()) {
            case TELEMETRY -> new Accepted(decoder.telemetry(device.id(), TelemetryTable.of(device.deviceClass()),
                    message.payload(), message.receivedAt()), null, new Sign.Message(device.id(), message.receivedAt()));
            case EVENT -> {
                DeviceEvent event = decoder.event(device.id(), device.deviceClass(), message.payload(), message.receivedAt());
                yield new Accepted(List.of(), event, decoder.playback(event, message.receivedAt()),
                        new Sign.Message(device.id(), message.receivedAt()));
            }
            case STATUS -> new Accepted(List.of(), null, new Sign.Status(device.id(),
                    PayloadDecoder.online(message.payload()), message.retained(), message.receivedAt()));
            case COMMAND_ACK -> new Accepted(List.of(), null, commandAck(device.id(), message),
                    new Sign.Message(device.id(), message.receivedAt()));
        };
    }

    /** An answer to a command: refused unless it names a command that was sent to this very device. */
    private CommandAck commandAck(String deviceId, Inbound message) throws Rejected, SQLException {
        CommandAck ack = decoder.ack(deviceId, message.payload(), message.receivedAt());
        Optional<String> owner = commandAcks.deviceOf(ack.commandId());
        if (owner.isEmpty()) {
            throw new Rejected(Reason.UNKNOWN_COMMAND, "no command " + ack.commandId() + " exists");
        }
        if (!owner.get().equals(deviceId)) {
            throw new Rejected(Reason.UNKNOWN_COMMAND, "command " + ack.commandId() + " is not device " + deviceId + "'s");
        }
        return ack;
    }

    private DeviceDirectory.Entry registered(String deviceId) throws Rejected, SQLException {
        Optional<DeviceDirectory.Entry> device = directory.find(deviceId);
        if (device.isEmpty()) {
            throw new Rejected(Reason.UNKNOWN_DEVICE, "no device " + deviceId + " is registered");
        }
        if (device.get().state() == DeviceState.DECOMMISSIONED) {
            throw new Rejected(Reason.DECOMMISSIONED_DEVICE, "device " + deviceId + " is decommissioned");
        }
        if (device.get().revoked()) {
            throw new Rejected(Reason.REVOKED_DEVICE, "the MQTT credential of device " + deviceId + " is revoked");
        }
        return device.get();
    }

    private static DeadLetters.DeadLetter deadLetter(Inbound message, Reason reason, String detail) {
        return new DeadLetters.DeadLetter(message.receivedAt(), message.topic(), Topic.deviceIdOrNull(message.topic()),
                reason, detail, message.payload());
    }
}
