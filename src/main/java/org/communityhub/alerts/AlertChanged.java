package org.communityhub.alerts;

import java.time.Instant;

/**
 * An alert changed: one step of its trail, committed. {@code eventId} is the trail row's id, the live
 * stream's event id; {@code areaCode} is the area the step is addressed to (the device's, or the one
 * an escalation reached); {@code alert} is the alert after the step.
 */
public record AlertChanged(long eventId, String action, String actor, Instant at, String detail, String areaCode,
        Alert alert) {
}
