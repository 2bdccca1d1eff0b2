package org.communityhub.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT session (Eclipse Paho): QoS 1, clean session off and a fixed client id, so that
 * the broker keeps what arrives while the hub is away; manual acknowledgements, so that a message
 * is acknowledged (PUBACK) only after the {@link Pipeline} committed it. A message is acknowledged
 * only on the connection it came in on: after a reconnect the broker sends every unacknowledged
 * message again (the copies are stored once), and an old packet id must not acknowledge a new
 * message that happens to carry the same id.
 */
@ApplicationScoped
public class MqttIngest implements MqttCallbackExtended {

    private static final Logger LOG = Logger.getLogger(MqttIngest.class);

    private final Pipeline pipeline;
    private final IngestConfig config;
    /** Which connection is current; bumped as soon as one is lost. */
    private final AtomicLong connection = new AtomicLong();

    private volatile MqttAsyncClient client;
    private volatile boolean connected;

    MqttIngest(Pipeline pipeline, IngestConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    public void start(String brokerUrl) {
        try {
            client = new MqttAsyncClient(brokerUrl, config.mqtt().clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("HUB_MQTT_URL must look like tcp://host:1883, not " + brokerUrl, e);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) config.mqtt().maxReconnectDelay().toMillis());
        options.setConnectionTimeout(10);
        if (brokerUrl.startsWith("tcp://")) {
            options.setSocketFactory(new BufferedSockets());
        }
        config.mqtt().username().ifPresent(options::setUserName);
        config.mqtt().password().ifPresent(password -> options.setPassword(password.toCharArray()));
        connect(options);
    }

    /**
     * Connects in the background: Paho's automatic reconnection takes over only after a first
     * successful connection, so until then this keeps trying, with the same back-off.
     */
    private void connect(MqttConnectOptions options) {
        MqttAsyncClient target = client;
        Thread first = new Thread(() -> {
            long delay = 500;
            while (client == target && !connected) {
                try {
                    target.connect(options).waitForCompletion(15_000);
                    return;
                } catch (MqttException e) {
                    LOG.warnf("MQTT connection to %s failed: %s; trying again in %d ms", target.getServerURI(),
                            e.getMessage(), delay);
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                delay = Math.min(delay * 2, config.mqtt().maxReconnectDelay().toMillis());
            }
        }, "hub-mqtt-first-connect");
        first.setDaemon(true);
        first.start();
    }

    public boolean connected() {
        return connected;
    }

    /** The contract topics the hub consumes, with the shared-subscription prefix when configured. */
    static Map<String, Integer> subscriptions(Optional<String> sharedGroup) {
        String prefix = sharedGroup.filter(group -> !group.isBlank()).map(group -> "$share/" + group + "/").orElse("");
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Topic.Channel channel : List.of(Topic.Channel.TELEMETRY, Topic.Channel.EVENT, Topic.Channel.STATUS)) {
            topics.put(prefix + "hub/v1/+/" + channel.suffix(), 1);
        }
        return topics;
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        connected = true;
        LOG.infof("MQTT connected to %s as %s%s", serverURI, config.mqtt().clientId(), reconnect ? " (reconnected)" : "");
        Map<String, Integer> topics = subscriptions(config.mqtt().sharedGroup());
        try {
            client.subscribe(topics.keySet().toArray(String[]::new),
                    topics.values().stream().mapToInt(Integer::intValue).toArray());
        } catch (MqttException e) {
            LOG.errorf(e, "subscribing to %s failed", topics.keySet());
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        connection.incrementAndGet();
        connected = false;
        if (client != null) { // null once the hub is stopping
            LOG.warnf("MQTT connection to %s lost (%s); reconnecting", client.getServerURI(), cause.toString());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long current = connection.get();
        int id = message.getId();
        Runnable ack = message.getQos() == 0 ? null : () -> acknowledge(current, id, message.getQos());
        pipeline.submit(new Inbound(topic, message.getPayload(), message.isRetained(), Instant.now(), ack));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // the hub publishes nothing yet
    }

    /** Acknowledges a committed batch, in arrival order. */
    public void acknowledge(List<Inbound> batch) {
        for (Inbound message : batch) {
            if (message.ack() != null) {
                message.ack().run();
            }
        }
    }

    private void acknowledge(long onConnection, int id, int qos) {
        if (onConnection != connection.get() || !connected) {
            return; // the broker sends it again on the new connection
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            LOG.debugf("acknowledging message %d failed (%s); the broker will send it again", id, e.getMessage());
        }
    }

    public void stop() {
        MqttAsyncClient current = client;
        client = null;
        if (current == null) {
            return;
        }
        try {
            if (current.isConnected()) {
                current.disconnect(2_000).waitForCompletion(3_000);
            }
            current.close(true);
        } catch (MqttException e) {
            LOG.debugf("closing the MQTT client: %s", e.getMessage());
        }
    }
}
