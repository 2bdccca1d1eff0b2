package org.communityhub.simulators.devices;

/**
 * One MQTT publication of a device: its topic, payload and retain flag, and, for a message that is
 * malformed on purpose, the kind of fault (the reason the hub gives when it dead-letters it).
 */
public record Message(String topic, byte[] payload, boolean retained, Malformed malformed) {

    /** Whether the hub should store this message rather than dead-letter it. */
    public boolean good() {
        return malformed == null;
    }
}
