package org.communityhub.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A staff app or a siren subscribed to its community's alert topic hears each change of its alerts,
 * also when many come at once.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class AlertsOverMqttTest {

    @Test
    void anSosIsPublishedOnTheCommunitysAlertTopic() throws Exception {
        String community = TestAreas.create(1).community();
        String broker = ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class);
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient siren = new MqttClient(broker, "siren-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        siren.connect(options);
        try {
            siren.subscribe(AlertsOverMqtt.TOPIC_PREFIX + community, 1,
                    (topic, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            String elder = TestAreas.device("ELDER_ALERT", community);
            try (MqttDevice device = MqttDevice.connect(elder)) {
                device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"FALL\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(m -> m.contains(elder)));
            String message = received.stream().filter(m -> m.contains(elder)).findFirst().orElseThrow();
            assertTrue(message.contains("\"type\":\"FALL\"") && message.contains("\"severity\":\"CRITICAL\"")
                    && message.contains("\"action\":\"RAISED\""), message);
        } finally {
            siren.disconnect();
            siren.close();
        }
    }

    @Test
    void aBurstOfAlertsIsPublishedWhole() throws Exception {
        String community = TestAreas.create(1).community();
        java.util.Set<String> units = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            units.add(TestAreas.device("BROADCAST_UNIT", community));
        }
        java.util.Set<String> heard = java.util.concurrent.ConcurrentHashMap.newKeySet();
        MqttClient app = new MqttClient(ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class),
                "app-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        app.connect(options);
        try {
            app.subscribe(AlertsOverMqtt.TOPIC_PREFIX + community, 1, (topic, message) -> {
                String text = new String(message.getPayload(), StandardCharsets.UTF_8);
                if (text.contains("BROADCAST_NOT_CONFIRMED")) {
                    units.stream().filter(text::contains).forEach(heard::add);
                }
            });
            // none of the 60 units is there: after confirm-within (3 s) all 60 alerts are raised in one pass
            io.restassured.RestAssured.given().auth().preemptive().basic("admin", HubServices.ADMIN_PASSWORD)
                    .contentType("application/json").body(java.util.Map.of("area", community, "text", "x",
                            "priority", "EMERGENCY")).post("/api/v1/broadcasts").then().statusCode(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> heard.size() == 60);
        } finally {
            app.disconnect();
            app.close();
        }
    }
}
