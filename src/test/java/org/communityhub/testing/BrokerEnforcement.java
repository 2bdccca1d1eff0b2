package org.communityhub.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * What a broker that enforces the hub's device credentials must do, checked over real connections:
 * the same checks for Mosquitto configured from the hub's files and for the embedded broker.
 */
public final class BrokerEnforcement {

    /** A device id and the password the hub issued for it. */
    public record Credential(String deviceId, String password) {
    }

    private final String url;
    private final String hubUser;
    private final String hubPassword;

    public BrokerEnforcement(String url, String hubUser, String hubPassword) {
        this.url = url;
        this.hubUser = hubUser;
        this.hubPassword = hubPassword;
    }

    /** Connects; the caller closes. Throws when the broker refuses. */
    public MqttClient connect(String username, String password) throws MqttException {
        MqttClient client = new MqttClient(url, (username == null ? "anon" : username) + "-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        client.connect(options);
        return client;
    }

    /** Whether the broker lets this username and password in. */
    public boolean admits(String username, String password) {
        try {
            MqttClient client = connect(username, password);
            client.disconnect();
            client.close();
            return true;
        } catch (MqttException e) {
            return false;
        }
    }

    /**
     * Device {@code a} reaches the hub on its own topics and cannot speak for {@code b}; each device
     * reads its own commands and not the other's; wrong and missing credentials are refused.
     */
    public void checkDevices(Credential a, Credential b) throws Exception {
        assertFalse(admits(a.deviceId(), b.password()), "a wrong password was let in");
        assertFalse(admits(a.deviceId(), null), "a device without a password was let in");
        assertFalse(admits(null, null), "an anonymous client was let in");
        assertFalse(admits("not-registered", a.password()), "an unknown device was let in");
        assertFalse(admits(hubUser, a.password()), "the hub's account took a device's password");

        List<String> heard = new CopyOnWriteArrayList<>();
        List<String> commandsOfA = new CopyOnWriteArrayList<>();
        List<String> commandsOfB = new CopyOnWriteArrayList<>();
        MqttClient hub = connect(hubUser, hubPassword);
        MqttClient deviceA = connect(a.deviceId(), a.password());
        MqttClient deviceB = connect(b.deviceId(), b.password());
        try {
            hub.subscribe("hub/v1/#", 1, (topic, message) -> heard.add(topic + " " + text(message.getPayload())));
            subscribeOrRefused(deviceA, "hub/v1/" + b.deviceId() + "/command", commandsOfA);
            subscribeOrRefused(deviceA, "hub/v1/#", commandsOfA);
            subscribeOrRefused(deviceB, "hub/v1/" + b.deviceId() + "/command", commandsOfB);

            deviceA.publish("hub/v1/" + a.deviceId() + "/telemetry", "own of a".getBytes(StandardCharsets.UTF_8), 1, false);
            hub.publish("hub/v1/" + b.deviceId() + "/command", "for b".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("hub/v1/" + a.deviceId() + "/telemetry own of a")
                    && commandsOfB.contains("for b"));

            // then the forgeries (a broker may drop the connection at the first one)
            publishOrDropped(deviceA, "hub/v1/" + b.deviceId() + "/telemetry", "forged by a");
            publishOrDropped(deviceA, "hub/v1/" + b.deviceId() + "/status", "forged by a");
            publishOrDropped(deviceA, "hub/v1/" + a.deviceId() + "/command", "a commands itself");
            hub.publish("hub/v1/" + a.deviceId() + "/telemetry", "marker".getBytes(StandardCharsets.UTF_8), 1, false);
            // the hub's own marker comes after the forgeries on the broker: once it is in, they would be too
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("hub/v1/" + a.deviceId() + "/telemetry marker"));
            Thread.sleep(300);
            assertEquals(List.of(), heard.stream().filter(line -> line.contains("forged") || line.contains("commands itself")).toList(),
                    "the broker passed a device's messages on another's topics");
            assertEquals(List.of(), commandsOfA, "device a read a command that was not its own");
        } finally {
            for (MqttClient client : new MqttClient[] {deviceA, deviceB, hub}) {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            }
        }
        assertTrue(admits(a.deviceId(), a.password()));
    }

    /** Waits until the broker admits {@code admitted} and refuses each of {@code refused} (a reload may take a moment). */
    public void awaitCredentials(Map<String, String> admitted, Map<String, String> refused) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            admitted.forEach((user, password) -> assertTrue(admits(user, password), user + " is not admitted"));
            refused.forEach((user, password) -> assertFalse(admits(user, password), user + " is still admitted"));
        });
    }

    private static void subscribeOrRefused(MqttClient client, String filter, List<String> into) {
        try {
            client.subscribe(filter, 1, (topic, message) -> into.add(text(message.getPayload())));
        } catch (MqttException e) {
            // refused (SUBACK 0x80, or the broker closed the connection): nothing can arrive
        }
    }

    private static void publishOrDropped(MqttClient client, String topic, String payload) {
        try {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException e) {
            // refused: an MQTT 3.1.1 broker may acknowledge and drop, or close the connection
        }
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
