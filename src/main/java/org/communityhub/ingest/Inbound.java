package org.communityhub.ingest;

import java.time.Instant;

/**
 * One MQTT message as received: topic, payload, whether it was delivered as retained, when the hub
 * received it, and how to acknowledge it once committed (null at QoS 0). The acknowledgement knows
 * the connection the message came in on and does nothing on another.
 */
public record Inbound(String topic, byte[] payload, boolean retained, Instant receivedAt, Runnable ack) {
}
