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

    private MqttDevice(String brokerUrl, String deviceId) throws MqttException {
        this.deviceId = deviceId;
        this.client = new MqttClient(brokerUrl, deviceId + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(deviceId);
        options.setCleanSession(true);
        client.connect(options);
    }

    /** Connects to the broker the running hub uses. */
    public static MqttDevice connect(String deviceId) throws MqttException {
        return connect(ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class), deviceId);
    }

    public static MqttDevice connect(String brokerUrl, String deviceId) throws MqttException {
        return new MqttDevice(brokerUrl, deviceId);
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
