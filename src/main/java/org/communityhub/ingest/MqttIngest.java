package org.communityhub.ingest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT session: QoS 1, clean session off and a fixed client id, so that the broker keeps
 * what arrives while the hub is away. Messages are handled one at a time in arrival order on one
 * writer thread and acknowledged (PUBACK) only after their outcome is committed; while the database
 * is unreachable the writer retries and the broker holds everything not yet acknowledged.
 */
@ApplicationScoped
public class MqttIngest {

    private static final Logger LOG = Logger.getLogger(MqttIngest.class);
    static final String TELEMETRY = "hub/v1/+/telemetry";

    private final Vertx vertx;
    private final Ingestion ingestion;
    private final IngestConfig config;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "hub-ingest-writer"));

    private volatile MqttClient client;
    private volatile boolean connected;
    private volatile boolean databaseReachable = true;
    private volatile boolean stopping;
    private URI broker;
    private Context context;
    private long reconnectDelayMs = 500;

    MqttIngest(Vertx vertx, Ingestion ingestion, IngestConfig config) {
        this.vertx = vertx;
        this.ingestion = ingestion;
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

    public boolean databaseReachable() {
        return databaseReachable;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(config.mqtt().clientId())
                .setCleanSession(false)
                .setKeepAliveInterval(30);
        // PUBACK only after commit: see onMessage
        options.setAutoAck(false);
        config.mqtt().username().ifPresent(options::setUsername);
        config.mqtt().password().ifPresent(options::setPassword);
        MqttClient next = MqttClient.create(vertx, options);
        next.publishHandler(this::onMessage);
        next.closeHandler(v -> {
            connected = false;
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
            next.subscribe(TELEMETRY, 1).onFailure(e -> LOG.error("subscription to " + TELEMETRY + " failed", e));
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

    private void onMessage(MqttPublishMessage message) {
        Instant receivedAt = Instant.now();
        String topic = message.topicName();
        byte[] payload = message.payload().getBytes();
        writer.execute(() -> {
            if (handleUntilCommitted(topic, payload, receivedAt) && message.qosLevel().value() > 0) {
                context.runOnContext(v -> message.ack());
            }
        });
    }

    /** Retries while the database is unreachable; false only when the hub stops first. */
    private boolean handleUntilCommitted(String topic, byte[] payload, Instant receivedAt) {
        long backoffMs = 100;
        while (!stopping) {
            try {
                ingestion.accept(topic, payload, receivedAt);
                databaseReachable = true;
                return true;
            } catch (SQLException e) {
                if (databaseReachable) {
                    LOG.errorf("storing a message from %s failed, retrying until the database answers: %s", topic,
                            e.getMessage());
                }
                databaseReachable = false;
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        stopping = true;
        writer.shutdown();
        try {
            writer.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttClient current = client;
        if (current != null && connected) {
            current.disconnect();
        }
    }
}
