package org.communityhub.testing;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Ends a hub's persistent session at the broker once a test is done with that hub. A session
 * outlives its client and keeps queueing every matching message (the test broker queues without
 * limit, as the hub's broker must), so each test hub left behind would hold a copy of every later
 * test's stream, in memory and in CPU spent fanning out.
 */
public final class BrokerSessions {

    private BrokerSessions() {
    }

    /**
     * {@link #forget} for a replica that shared the stream, and writes it down as left (what an
     * operator does for a replica removed without draining, docs/operations.md#scaling-in), so that
     * no later test waits for its session.
     */
    public static void forgetReplica(String brokerUrl, String clientId) {
        forget(brokerUrl, clientId);
        try (java.sql.Connection db = OwnServices.database();
                java.sql.PreparedStatement statement = db.prepareStatement(
                        "UPDATE hub_replicas SET membership = 'LEFT' WHERE client_id = ?")) {
            statement.setString(1, clientId);
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not write replica " + clientId + " down as left", e);
        }
    }

    /** Connects as {@code clientId} with a clean session, which discards the stored one, and leaves. */
    public static void forget(String brokerUrl, String clientId) {
        try {
            MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            System.err.printf("[hub tests] could not end the broker session %s: %s%n", clientId, e);
        }
    }
}
