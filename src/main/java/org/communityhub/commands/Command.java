package org.communityhub.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A command to a device and where it is in its life, each step with its time. */
public record Command(UUID commandId, String deviceId, String type, JsonNode params, String state, Instant createdAt,
        String createdBy, Instant expiresAt, Instant sentAt, Instant acceptedAt, Instant endedAt, String detail) {
}
