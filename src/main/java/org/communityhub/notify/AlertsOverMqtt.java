package org.communityhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import org.communityhub.alerts.AlertChanged;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Every alert change, as JSON at QoS 1, on {@code hub/v1/alerts/{areaCode}} for staff apps and
 * sirens: the area the change is addressed to (the device's, or the one an escalation reached).
 * The outgoing channel {@code alerts-mqtt} is SmallRye's MQTT connector, on the hub's broker. It
 * has a buffer of its own: a broker that does not take the messages fills it (then changes are
 * dropped here, counted and logged) and never holds up the live stream or the webhooks, which
 * consume the same {@code alert-changes} channel.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // its counter is served from the start (at 0), not from the first alert change on
public class AlertsOverMqtt {

    private static final Logger LOG = Logger.getLogger(AlertsOverMqtt.class);
    public static final String TOPIC_PREFIX = "hub/v1/alerts/";

    private final ObjectMapper json;
    private final Emitter<String> out;
    private final Counter dropped;

    AlertsOverMqtt(ObjectMapper json, MeterRegistry metrics,
            @Channel("alerts-mqtt") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
            Emitter<String> out) {
        this.json = json;
        this.out = out;
        this.dropped = Counter.builder("hub.alerts.mqtt.dropped")
                .description("alert changes not published on MQTT because the broker did not take them in time")
                .register(metrics);
    }

    @Incoming("alert-changes")
    void changed(AlertChanged change) {
        try {
            out.send(MqttMessage.of(TOPIC_PREFIX + change.areaCode(), change.toJson(json).toString(),
                    MqttQoS.AT_LEAST_ONCE));
        } catch (RuntimeException e) {
            if (dropped.count() == 0) {
                LOG.warnf("alerts: the broker does not take alert changes on %s#; dropping them (the live stream "
                        + "and webhooks carry on): %s", TOPIC_PREFIX, e.toString());
            }
            dropped.increment();
        }
    }
}
