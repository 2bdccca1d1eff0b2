package org.communityhub.ingest;

import java.time.Instant;

/**
 * One MQTT message as received: topic, payload, its size as sent (larger than {@code payload} when
 * the edge skipped an oversized one and kept only its head), whether it was delivered as retained,
 * when the hub received it, and on which connection (a counter of {@link MqttIngest}'s) with which
 * packet id it came, so that it is acknowledged once committed, and only on that connection.
 * {@code packetId} is {@link #NO_ACK} for QoS 0, which is not acknowledged.
 */
public record Inbound(String topic, byte[] payload, int size, boolean retained, Instant receivedAt, long connection,
        int packetId) {

    public static final int NO_ACK = -1;

    /** What the message costs while it waits in memory: payload, topic and the objects around them. */
    long bytes() {
        return payload.length + 2L * topic.length() + 160;
    }
}
