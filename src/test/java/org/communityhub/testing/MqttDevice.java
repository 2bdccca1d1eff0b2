package org.communityhub.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device publishing over a real MQTT connection with Eclipse Paho; each publish waits for its PUBACK. */
public final class MqttDevice implements AutoCloseable {

    private final MqttClient client;
    private final String deviceId;

    private MqttDevice(String brokerUrl, String deviceId, String password, boolean will) throws MqttException {
        this.deviceId = deviceId;
        this.client = new MqttClient(brokerUrl, deviceId + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(deviceId);
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        options.setCleanSession(true);
        // Paho counts a publish as in flight a moment after its token completed; with the default
        // of 10, back-to-back synchronous publishes fail now and then with "too many publishes".
        options.setMaxInflight(1000);
        if (will) {
            options.setWill(statusTopic(), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        }
        client.connect(options);
    }

    /** Connects to the broker the running hub uses. */
    public static MqttDevice connect(String deviceId) throws MqttException {
        return connect(ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class), deviceId);
    }

    public static MqttDevice connect(String brokerUrl, String deviceId) throws MqttException {
        return new MqttDevice(brokerUrl, deviceId, null, false);
    }

    /** Connects with the password the hub issued for the device (a broker that enforces credentials). */
    public static MqttDevice connect(String brokerUrl, String deviceId, String password) throws MqttException {
        return new MqttDevice(brokerUrl, deviceId, password, false);
    }

    /** Connects with the contract's will: a retained {@code offline} on the status topic. */
    public static MqttDevice connectWithWill(String deviceId) throws MqttException {
        return new MqttDevice(ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class), deviceId, null, true);
    }

    public void event(String json) throws MqttException {
        publish("hub/v1/" + deviceId + "/event", json);
    }

    /** Publishes the retained status, as a device does when it comes online. */
    public void status(String word) throws MqttException {
        client.publish(statusTopic(), word.getBytes(StandardCharsets.UTF_8), 1, true);
    }

    /** Loses the connection without saying goodbye, as a device whose power fails: the broker sends its will. */
    public void dropConnection() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close(true);
    }

    private String statusTopic() {
        return "hub/v1/" + deviceId + "/status";
    }

    public void telemetry(String json) throws MqttException {
        publish("hub/v1/" + deviceId + "/telemetry", json);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
