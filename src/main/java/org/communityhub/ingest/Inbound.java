package org.communityhub.ingest;

import java.time.Instant;

/**
 * One MQTT message as received: topic, payload, whether it was delivered as retained, when the hub
 * received it, and on which connection (a counter of {@link MqttIngest}'s) with which packet id it
 * came, so that it is acknowledged once committed, and only on that connection. {@code packetId}
 * is {@link #NO_ACK} for QoS 0, which is not acknowledged.
 */
public record Inbound(String topic, byte[] payload, boolean retained, Instant receivedAt, long connection, int packetId) {

    public static final int NO_ACK = -1;
}
