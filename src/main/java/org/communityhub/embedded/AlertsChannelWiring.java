package org.communityhub.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Points the outgoing MQTT channel of alert changes ({@code alerts-mqtt}, notify.AlertsOverMqtt) at
 * the hub's broker: {@code HUB_MQTT_URL} (tcp:// or ssl://), or the embedded broker on
 * {@code HUB_EMBEDDED_MQTT_PORT}, with the hub's MQTT credentials and its own client id.
 *
 * <p>With the embedded broker and no {@code HUB_MQTT_USERNAME}, it also gives the hub its account on
 * that broker: {@value #EMBEDDED_HUB_USER} (not a valid device id) with a password drawn afresh in
 * every run of the process, known only inside it, which the broker's check ({@link
 * BrokerAuthentication}), the ingestion session and this channel all read as {@code hub.mqtt.*}.
 */
public class AlertsChannelWiring implements ConfigSourceFactory {

    static final String CHANNEL = "mp.messaging.outgoing.alerts-mqtt.";

    /** The hub's username on the embedded broker when none is configured. */
    static final String EMBEDDED_HUB_USER = "_hub";

    /** The hub's password on the embedded broker when none is configured: one per process run. */
    private static final String EMBEDDED_HUB_PASSWORD = embeddedPassword();

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        String url = value(context, "hub.mqtt.url");
        String username = value(context, "hub.mqtt.username");
        String password = value(context, "hub.mqtt.password");
        Map<String, String> properties = new HashMap<>();
        if ((url == null || url.isBlank()) && (username == null || username.isBlank())) {
            username = EMBEDDED_HUB_USER;
            password = EMBEDDED_HUB_PASSWORD;
            properties.put("hub.mqtt.username", username);
            properties.put("hub.mqtt.password", password);
        }
        properties.putAll(wiring(url, value(context, "hub.embedded.mqtt-host"), value(context, "hub.embedded.mqtt-port"),
                value(context, "hub.mqtt.client-id"), username, password));
        return List.of(new MapBackedConfigSource("hub-alerts-channel", properties, 275) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    static Map<String, String> wiring(String url, String embeddedHost, String embeddedPort, String clientId,
            String username, String password) {
        Map<String, String> wiring = new HashMap<>();
        wiring.put(CHANNEL + "connector", "smallrye-mqtt");
        if (url != null && !url.isBlank()) {
            URI broker = URI.create(url.trim());
            boolean ssl = "ssl".equals(broker.getScheme()) || "mqtts".equals(broker.getScheme());
            wiring.put(CHANNEL + "host", broker.getHost());
            wiring.put(CHANNEL + "port", String.valueOf(broker.getPort() > 0 ? broker.getPort() : ssl ? 8883 : 1883));
            wiring.put(CHANNEL + "ssl", String.valueOf(ssl));
            if (ssl) {
                // the connector's default, NONE, would take a trusted certificate for any host
                wiring.put(CHANNEL + "ssl.hostname-verification-algorithm", "HTTPS");
            }
        } else {
            wiring.put(CHANNEL + "host", EmbeddedBroker.connectable(embeddedHost));
            wiring.put(CHANNEL + "port", embeddedPort == null || embeddedPort.isBlank() ? "1883" : embeddedPort);
        }
        // the connector sends one change after another without waiting for PUBACKs, and refuses the
        // publish beyond its window (default 10: "Attempt to exceed the limit of 10 inflight messages",
        // 8,361 times when a broadcast benchmark raised 9,210 BROADCAST_NOT_CONFIRMED at once); the
        // window matches the emitter's buffer (notify.AlertsOverMqtt)
        wiring.put(CHANNEL + "max-inflight-queue", "10000");
        wiring.put(CHANNEL + "client-id", (clientId == null || clientId.isBlank() ? "community-iot-hub" : clientId)
                + "-alerts");
        if (username != null && !username.isBlank()) {
            wiring.put(CHANNEL + "username", username);
        }
        if (password != null && !password.isBlank()) {
            wiring.put(CHANNEL + "password", password);
        }
        wiring.put(CHANNEL + "qos", "1");
        // the hub serves its API and ingests without this channel: it being disconnected is no reason to be
        // unready (the connector's check is all or nothing); the log and hub_alerts_mqtt_dropped_total say so
        wiring.put(CHANNEL + "health-enabled", "false");
        // the embedded broker starts a few seconds after the channel: reconnect until it answers
        wiring.put(CHANNEL + "reconnect-attempts", "1000000");
        wiring.put(CHANNEL + "reconnect-interval-seconds", "1");
        return wiring;
    }

    private static String embeddedPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
