package org.communityhub.commands;

import java.time.Instant;
import java.util.UUID;

/** A device's answer to a command (hub/v1/{id}/command/ack), parsed at the edge. */
public record CommandAck(UUID commandId, String deviceId, Result result, String detail, Instant receivedAt)
        implements CommandProgress {

    /** What the device says of the command. */
    public enum Result { ACCEPTED, REJECTED, DONE, FAILED }
}
