package org.communityhub.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The hub's catch-up marks: QoS 1 messages it publishes to a topic of its own, which only it
 * subscribes to. The broker queues a mark behind whatever it already holds for the hub, so when a
 * mark comes back and its batch commits, everything queued before its publication is stored
 * (docs/connectivity.md). The topic is {@code hub/internal/{client id}/mark}, outside the devices'
 * {@code hub/v1/…}; the payload names this run of the hub and the publication time in microseconds,
 * so that a mark of an earlier run, replayed from the persistent session, decides nothing.
 */
@ApplicationScoped
public class Marks {

    private final String topic;
    private final String run = UUID.randomUUID().toString();

    Marks(MqttConfig config) {
        this.topic = "hub/internal/" + config.clientId().replaceAll("[^A-Za-z0-9._-]", "_") + "/mark";
    }

    public String topic() {
        return topic;
    }

    byte[] payload(Instant publishedAt) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, publishedAt);
        return (run + " " + micros).getBytes(StandardCharsets.UTF_8);
    }

    /** When one of this run's marks was published; empty for anything else on the topic. */
    Optional<Instant> publishedAt(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        if (space != run.length() || !text.startsWith(run)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.EPOCH.plus(Long.parseLong(text.substring(space + 1)), ChronoUnit.MICROS));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
