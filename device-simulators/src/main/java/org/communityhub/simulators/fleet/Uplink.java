package org.communityhub.simulators.fleet;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.communityhub.simulators.BufferedSockets;
import org.communityhub.simulators.Topics;
import org.communityhub.simulators.devices.Message;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device's way to the broker. {@link Own}: a connection of its own, with the device id as MQTT
 * username and {@code offline} as its will, as real devices do. {@link Shared}: one of a few
 * connections carrying many devices, for fleets too large for a connection (and its threads) each;
 * the simulator then publishes the {@code offline} a broker would have sent as the will.
 */
sealed interface Uplink permits Uplink.Own, Uplink.Shared {

    /** Connects and publishes the retained {@code online}; returns once the broker acknowledged it. */
    void connect(Message online) throws MqttException;

    /** Publishes at QoS 1; {@code listener} hears of the PUBACK or the failure. */
    void publish(Message message, IMqttActionListener listener) throws MqttException;

    /** Loses the connection without a DISCONNECT, as a device that loses power or network does. */
    void drop(Message offline) throws MqttException;

    /** Publishes {@code offline} and disconnects cleanly, as a device that is switched off does. */
    void close(Message offline) throws MqttException;

    boolean connected();

    /**
     * Hands the device's commands ({@code hub/v1/<id>/command}) to {@code commands}, from this
     * connection's next connect on. A shared connection leaves it to the fleet, which subscribes once
     * for all its devices.
     */
    void listen(Consumer<byte[]> commands);

    /** A connection of the device's own. */
    final class Own implements Uplink {
        private final String broker;
        private final String deviceId;
        private final String password;
        private volatile Consumer<byte[]> commands;
        private MqttAsyncClient client;

        /** {@code password}: the device's hub-issued MQTT password, or null for a broker that asks none. */
        Own(String broker, String deviceId, String password) {
            this.broker = broker;
            this.deviceId = deviceId;
            this.password = password;
        }

        @Override
        public synchronized void connect(Message online) throws MqttException {
            if (client != null) {
                client.close(true);
            }
            client = new MqttAsyncClient(broker, deviceId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(deviceId);
            if (password != null) {
                options.setPassword(password.toCharArray());
            }
            options.setCleanSession(true);
            options.setKeepAliveInterval(30);
            options.setMaxInflight(1000);
            options.setSocketFactory(new BufferedSockets());
            options.setWill(Topics.of(deviceId, "status"), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
            client.connect(options).waitForCompletion(10_000);
            Consumer<byte[]> handler = commands;
            if (handler != null) {
                client.subscribe(Topics.of(deviceId, "command"), 1, (topic, message) -> handler.accept(message.getPayload()))
                        .waitForCompletion(10_000);
            }
            client.publish(online.topic(), online.payload(), 1, true).waitForCompletion(10_000);
        }

        @Override
        public void listen(Consumer<byte[]> commands) {
            this.commands = commands;
        }

        @Override
        public void publish(Message message, IMqttActionListener listener) throws MqttException {
            MqttAsyncClient current = client;
            if (current == null || !current.isConnected()) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
            }
            current.publish(message.topic(), message.payload(), 1, message.retained(), null, listener);
        }

        @Override
        public synchronized void drop(Message offline) throws MqttException {
            if (client != null && client.isConnected()) {
                client.disconnectForcibly(0, 1000, false); // no DISCONNECT: the broker publishes the will
            }
        }

        @Override
        public synchronized void close(Message offline) throws MqttException {
            if (client == null) {
                return;
            }
            if (client.isConnected()) {
                client.publish(offline.topic(), offline.payload(), 1, true).waitForCompletion(5_000);
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
            client = null;
        }

        @Override
        public boolean connected() {
            MqttAsyncClient current = client;
            return current != null && current.isConnected();
        }
    }

    /** A device's share of a connection that many devices use. */
    final class Shared implements Uplink {
        private final MqttAsyncClient client;
        private volatile boolean connected;

        Shared(MqttAsyncClient client) {
            this.client = client;
        }

        @Override
        public void listen(Consumer<byte[]> commands) {
            // the fleet subscribes each shared connection to its devices' command topics and hands each its own
        }

        @Override
        public void connect(Message online) throws MqttException {
            client.publish(online.topic(), online.payload(), 1, true).waitForCompletion(10_000);
            connected = true;
        }

        @Override
        public void publish(Message message, IMqttActionListener listener) throws MqttException {
            if (!connected) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
            }
            client.publish(message.topic(), message.payload(), 1, message.retained(), null, listener);
        }

        @Override
        public void drop(Message offline) throws MqttException {
            close(offline);
        }

        @Override
        public void close(Message offline) throws MqttException {
            if (connected) {
                connected = false;
                client.publish(offline.topic(), offline.payload(), 1, true);
            }
        }

        @Override
        public boolean connected() {
            return connected && client.isConnected();
        }

        /** One of the shared connections, with a client id of this run's. */
        static MqttAsyncClient open(String broker, String clientId) throws MqttException {
            MqttAsyncClient client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setKeepAliveInterval(30);
            options.setMaxInflight(10_000);
            options.setSocketFactory(new BufferedSockets());
            client.connect(options).waitForCompletion(10_000);
            return client;
        }
    }
}
