package org.communityhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryStore;
import org.communityhub.telemetry.TelemetryTable;
import org.jboss.logging.Logger;

/**
 * What happens to one MQTT message: parsed at the edge, then stored, or dead-lettered with its
 * reason. Returns normally once the outcome is committed; a database failure is thrown so that the
 * caller retries and does not acknowledge the message.
 */
@ApplicationScoped
public class Ingestion {

    private static final Logger LOG = Logger.getLogger(Ingestion.class);

    private final DeviceDirectory directory;
    private final TelemetryStore store;
    private final DeadLetters deadLetters;
    private final IngestConfig config;
    private final TelemetryDecoder decoder;
    private final Counter received;
    private final Counter stored;
    private final Counter duplicates;

    Ingestion(DeviceDirectory directory, TelemetryStore store, DeadLetters deadLetters, IngestConfig config,
            ObjectMapper json, MeterRegistry metrics) {
        this.directory = directory;
        this.store = store;
        this.deadLetters = deadLetters;
        this.config = config;
        this.decoder = new TelemetryDecoder(json, config.ingest().maxFutureSkew(), config.ingest().maxAge());
        this.received = metrics.counter("hub.ingest.messages.received");
        this.stored = metrics.counter("hub.ingest.readings.stored");
        this.duplicates = metrics.counter("hub.ingest.readings.duplicate");
    }

    public void accept(String topicName, byte[] payload, Instant receivedAt) throws SQLException {
        received.increment();
        String deviceId = Topic.deviceIdOrNull(topicName);
        try {
            Topic topic = Topic.parse(topicName);
            if (payload.length > config.ingest().maxPayloadBytes()) {
                throw new Rejected(Reason.OVERSIZED, payload.length + " bytes is over the limit of "
                        + config.ingest().maxPayloadBytes());
            }
            if (topic.channel() != Topic.Channel.TELEMETRY) {
                throw new Rejected(Reason.UNKNOWN_CHANNEL, topic.channel().suffix() + " is not consumed by this hub version");
            }
            TelemetryTable table = TelemetryTable.of(registered(topic.deviceId()).deviceClass());
            List<Reading> readings = decoder.decode(topic.deviceId(), table, payload, receivedAt);
            int fresh = store.write(readings);
            stored.increment(fresh);
            duplicates.increment(readings.size() - fresh);
        } catch (Rejected rejected) {
            deadLetters.record(receivedAt, topicName, deviceId, rejected, payload);
        } catch (RuntimeException bug) {
            // Never retried: it would fail again and hold up every message behind it.
            LOG.error("processing a message from " + topicName + " failed; dead-lettered", bug);
            deadLetters.record(receivedAt, topicName, deviceId,
                    new Rejected(Reason.PROCESSING_FAILED, bug.toString()), payload);
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
}
