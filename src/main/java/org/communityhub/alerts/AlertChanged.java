package org.communityhub.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An alert changed: one step of its trail, committed. {@code eventId} is the trail row's id, the live
 * stream's event id; {@code areaCode} is the area the step is addressed to (the device's, or the one
 * an escalation reached); {@code alert} is the alert after the step.
 */
public record AlertChanged(long eventId, String action, String actor, Instant at, String detail, String areaCode,
        Alert alert) {

    /**
     * The JSON every channel sends (live stream, MQTT, generic webhooks): the alert after the step,
     * with the step itself under {@code change}.
     */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.valueToTree(alert);
        ObjectNode step = node.putObject("change");
        step.put("eventId", eventId);
        step.put("action", action);
        step.put("actor", actor);
        step.put("at", at.toString());
        step.put("detail", detail);
        step.put("areaCode", areaCode);
        return node;
    }
}
