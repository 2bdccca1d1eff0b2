package org.communityhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import org.communityhub.alerts.AlertChanged;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Every alert change, as JSON at QoS 1, on {@code hub/v1/alerts/{areaCode}} for staff apps and
 * sirens: the area the change is addressed to (the device's, or the one an escalation reached).
 * The outgoing channel {@code alerts-mqtt} is SmallRye's MQTT connector, on the hub's broker.
 */
@ApplicationScoped
public class AlertsOverMqtt {

    public static final String TOPIC_PREFIX = "hub/v1/alerts/";

    private final ObjectMapper json;

    AlertsOverMqtt(ObjectMapper json) {
        this.json = json;
    }

    @Incoming("alert-changes")
    @Outgoing("alerts-mqtt")
    MqttMessage<String> publish(AlertChanged change) {
        return MqttMessage.of(TOPIC_PREFIX + change.areaCode(), change.toJson(json).toString(), MqttQoS.AT_LEAST_ONCE);
    }
}
