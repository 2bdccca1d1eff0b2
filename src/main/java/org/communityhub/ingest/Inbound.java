package org.communityhub.ingest;

import java.time.Instant;

/**
 * One MQTT message as received: topic, payload, whether it was delivered as retained, when the hub
 * received it, and on which connection (its acknowledgement is valid only there).
 */
public record Inbound(String topic, byte[] payload, boolean retained, Instant receivedAt, Object connection,
        Runnable ack) {

    /** A message without a connection to acknowledge on (QoS 0, or tests). */
    public static Inbound unacknowledged(String topic, byte[] payload, Instant receivedAt) {
        return new Inbound(topic, payload, false, receivedAt, null, null);
    }
}
