package org.communityhub.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * A batch of device messages was committed: what each stored, decoded, in arrival order. Fired (as a
 * CDI event) right after the commit, so that features reacting to data (alert rules) see it at once
 * and never read it back from the database.
 */
public record BatchCommitted(List<Message> messages) {

    /** One message of one device: its readings or its event, received by the hub at {@code receivedAt}. */
    public record Message(String deviceId, Instant receivedAt, List<Reading> readings, DeviceEvent event) {
    }
}
