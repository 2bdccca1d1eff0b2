package org.communityhub.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT session: QoS 1, clean session off and a fixed client id, so that the broker keeps
 * what arrives while the hub is away; automatic acknowledgement off, so that a message is
 * acknowledged (PUBACK) only after the {@link Pipeline} committed it. An acknowledgement is sent
 * only on the connection the message came in on: after a reconnect the broker sends the
 * unacknowledged messages again, and the copies are stored once.
 */
@ApplicationScoped
public class MqttIngest {

    private static final Logger LOG = Logger.getLogger(MqttIngest.class);

    private final Vertx vertx;
    private final Pipeline pipeline;
    private final IngestConfig config;

    private volatile MqttClient client;
    private volatile boolean connected;
    private volatile boolean stopping;
    private URI broker;
    private Context context;
    private long reconnectDelayMs = 500;

    MqttIngest(Vertx vertx, Pipeline pipeline, IngestConfig config) {
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.config = config;
    }

    public void start(String brokerUrl) {
        broker = URI.create(brokerUrl);
        if (!"tcp".equals(broker.getScheme()) || broker.getHost() == null) {
            throw new IllegalArgumentException("HUB_MQTT_URL must look like tcp://host:1883, not " + brokerUrl);
        }
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect());
    }

    public boolean connected() {
        return connected;
    }

    /** The contract topics the hub consumes, with the shared-subscription prefix when configured. */
    static Map<String, Integer> subscriptions(java.util.Optional<String> sharedGroup) {
        String prefix = sharedGroup.filter(group -> !group.isBlank()).map(group -> "$share/" + group + "/").orElse("");
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Topic.Channel channel : List.of(Topic.Channel.TELEMETRY, Topic.Channel.EVENT, Topic.Channel.STATUS)) {
            topics.put(prefix + "hub/v1/+/" + channel.suffix(), MqttQoS.AT_LEAST_ONCE.value());
        }
        return topics;
    }

    /** Acknowledges a committed batch, in arrival order, on the connection each message came in on. */
    public void acknowledge(List<Inbound> batch) {
        context.runOnContext(v -> {
            MqttClient current = client;
            for (Inbound message : batch) {
                if (message.ack() != null && message.connection() == current && connected) {
                    message.ack().run();
                }
            }
        });
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(config.mqtt().clientId())
                .setCleanSession(false)
                .setKeepAliveInterval(30)
                .setMaxMessageSize(config.mqtt().maxMessageBytes());
        options.setAutoAck(false);
        config.mqtt().username().ifPresent(options::setUsername);
        config.mqtt().password().ifPresent(options::setPassword);
        MqttClient next = MqttClient.create(vertx, options);
        next.publishHandler(message -> onMessage(next, message));
        next.closeHandler(v -> {
            if (client == next) {
                connected = false;
            }
            if (!stopping) {
                LOG.warnf("MQTT connection to %s lost; reconnecting", broker);
                scheduleReconnect();
            }
        });
        int port = broker.getPort() > 0 ? broker.getPort() : 1883;
        next.connect(port, broker.getHost()).onSuccess(ack -> {
            client = next;
            connected = true;
            reconnectDelayMs = 500;
            LOG.infof("MQTT connected to %s as %s (session present: %s)", broker, config.mqtt().clientId(),
                    ack.isSessionPresent());
            Map<String, Integer> topics = subscriptions(config.mqtt().sharedGroup());
            next.subscribe(topics).onFailure(e -> LOG.error("subscribing to " + topics.keySet() + " failed", e));
        }).onFailure(e -> {
            LOG.warnf("MQTT connection to %s failed: %s", broker, e.getMessage());
            scheduleReconnect();
        });
    }

    private void scheduleReconnect() {
        long delay = reconnectDelayMs;
        reconnectDelayMs = Math.min(reconnectDelayMs * 2, config.mqtt().maxReconnectDelay().toMillis());
        vertx.setTimer(delay, id -> context.runOnContext(v -> connect()));
    }

    private void onMessage(MqttClient connection, MqttPublishMessage message) {
        Runnable ack = message.qosLevel() == MqttQoS.AT_MOST_ONCE ? null : message::ack;
        pipeline.submit(new Inbound(message.topicName(), message.payload().getBytes(), message.isRetain(),
                Instant.now(), connection, ack));
    }

    public void stop() {
        stopping = true;
        MqttClient current = client;
        if (current != null && connected) {
            current.disconnect();
        }
    }
}
