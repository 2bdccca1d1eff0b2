package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A broadcast to a street over the real broker, with units that play, refuse, stay away and keep
 * playing: the totals and each unit's reason follow, and STOP reaches the one still playing.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class BroadcastTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachUnitsProgressAndWhyNotAreShownAndStopReachesTheUnitStillPlaying() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String a = branch.communities().get(0);
        String b = branch.communities().get(1);
        String plays = TestAreas.device("BROADCAST_UNIT", a);
        String refuses = TestAreas.device("BROADCAST_UNIT", a);
        String away = TestAreas.device("BROADCAST_UNIT", a);
        String keepsPlaying = TestAreas.device("BROADCAST_UNIT", b);
        TestAreas.device("KIOSK", a); // not a loudspeaker: not targeted

        try (Unit one = new Unit(plays, (unit, command) -> {
                    unit.ack(command, "ACCEPTED", null);
                    unit.event("PLAYBACK_STARTED", command);
                    unit.event("PLAYBACK_ENDED", command);
                    unit.ack(command, "DONE", null);
                });
                Unit two = new Unit(refuses, (unit, command) -> unit.ack(command, "REJECTED", "busy with a local announcement"));
                Unit four = new Unit(keepsPlaying, (unit, command) -> {
                    unit.ack(command, "ACCEPTED", null);
                    if ("PLAY".equals(command.get("type").asText())) {
                        unit.event("PLAYBACK_STARTED", command);
                    } else {
                        unit.ack(command, "DONE", null);
                    }
                })) {
            String staffOfB = Api.dutyStaff("broadcast-b", b);
            String officer = Api.dutyStaff("broadcast-street", branch.street());
            long id = ((Number) Api.asStaff(officer).body(Map.of("area", branch.street(), "text", "防汛预警：请远离河道",
                    "priority", "EMERGENCY", "volumePct", 90, "repeat", 2)).post("/api/v1/broadcasts").then()
                    .statusCode(201).body("totals.targeted", equalTo(4)).body("createdBy", equalTo(officer))
                    .extract().path("id")).longValue();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonPath broadcast = broadcast(id);
                assertEquals(1, broadcast.getInt("totals.played"), broadcast.prettify());
                assertEquals(1, broadcast.getInt("totals.playing"), broadcast.prettify());
                assertEquals(1, broadcast.getInt("totals.failed"), broadcast.prettify());
            });
            JsonPath broadcast = broadcast(id);
            assertEquals(Map.of("targeted", 4, "sent", 3, "accepted", 2, "playing", 1, "played", 1, "failed", 1,
                    "notReached", 1), broadcast.getMap("totals"));
            assertEquals("PLAYED", unit(broadcast, plays).get("state"));
            assertEquals("rejected: busy with a local announcement", unit(broadcast, refuses).get("reason"));
            assertEquals("NOT_REACHED", unit(broadcast, away).get("state"));
            assertTrue(((String) unit(broadcast, away).get("reason")).startsWith("not reached yet: never heard from"),
                    broadcast.prettify());
            assertEquals("PLAYING", unit(broadcast, keepsPlaying).get("state"));
            assertEquals(List.of("PLAY"), four.types());

            // the neighbours' staff neither read it nor dispatch to the street
            Api.asStaff(staffOfB).get("/api/v1/broadcasts/" + id).then().statusCode(404);
            Api.asStaff(staffOfB).body(Map.of("area", a, "text", "x", "priority", "NOTICE"))
                    .post("/api/v1/broadcasts").then().statusCode(404);

            Api.asStaff(officer).body(Map.of()).post("/api/v1/broadcasts/" + id + "/stop").then().statusCode(200)
                    .body("state", equalTo("STOPPED")).body("stoppedBy", equalTo(officer));
            await().atMost(Duration.ofSeconds(10)).until(() -> four.types().contains("STOP"));
            assertEquals(List.of("PLAY"), one.types(), "a unit that had finished gets no STOP");
            broadcast(id).getList("units", Map.class).stream()
                    .filter(u -> away.equals(u.get("deviceId"))).findFirst()
                    .ifPresent(u -> assertTrue(((String) u.get("reason")).contains("stopped first"), u.toString()));
            Api.asStaff(officer).body(Map.of()).post("/api/v1/broadcasts/" + id + "/stop").then().statusCode(409);
        }
    }

    @Test
    void badBroadcastsAreRefusedNamingTheField() {
        String street = TestAreas.create(1).street();
        refused(Map.of("text", "x", "priority", "NOTICE"), "area", 400);
        refused(Map.of("area", street, "priority", "NOTICE"), "text", 400);
        refused(Map.of("area", street, "text", "x", "clip", "siren", "priority", "NOTICE"), "text", 400);
        refused(Map.of("area", street, "text", "x"), "priority", 400);
        refused(Map.of("area", street, "text", "x", "priority", "PANIC"), "priority", 400);
        refused(Map.of("area", street, "text", "x", "priority", "DRILL", "volumePct", 150), "volumePct", 400);
        refused(Map.of("area", street, "text", "x", "priority", "DRILL", "repeat", 0), "repeat", 400);
        refused(Map.of("area", street, "text", "x", "priority", "DRILL", "expiresAt", "2020-01-01T00:00:00Z"), "expiresAt", 400);
        Api.asAdmin().body(Map.of("area", "239999999999", "text", "x", "priority", "NOTICE")).post("/api/v1/broadcasts")
                .then().statusCode(404);
        Api.asAdmin().get("/api/v1/broadcasts/999999999").then().statusCode(404);
        Api.asAdmin().body(Map.of("area", street, "text", "演练", "priority", "DRILL")).post("/api/v1/broadcasts").then()
                .statusCode(201).body("totals.targeted", equalTo(0)).body("priority", equalTo("DRILL"));
    }

    private static void refused(Map<String, Object> body, String field, int status) {
        Api.asAdmin().body(body).post("/api/v1/broadcasts").then().statusCode(status).body("fields", hasItem(field));
    }

    private static JsonPath broadcast(long id) {
        return Api.asAdmin().get("/api/v1/broadcasts/" + id).then().statusCode(200).extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unit(JsonPath broadcast, String deviceId) {
        return broadcast.getList("units", Map.class).stream().filter(u -> deviceId.equals(u.get("deviceId")))
                .findFirst().orElseThrow();
    }

    /** A broadcast unit over MQTT: online (it reports once), answering each command as {@code behaviour} says. */
    static final class Unit implements AutoCloseable {
        private final MqttClient client;
        private final String id;
        private final AtomicLong seq = new AtomicLong();
        private final List<String> types = new CopyOnWriteArrayList<>();

        Unit(String id, BiConsumer<Unit, JsonNode> behaviour) throws Exception {
            this.id = id;
            client = new MqttClient(ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class),
                    id + "-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(id);
            options.setCleanSession(true);
            options.setMaxInflight(100);
            client.connect(options);
            client.subscribe("hub/v1/" + id + "/command", 1, (topic, message) -> {
                JsonNode command = JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
                types.add(command.get("type").asText());
                new Thread(() -> behaviour.accept(this, command)).start(); // not on Paho's callback thread
            });
            publish("telemetry", "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + seq.incrementAndGet()
                    + ",\"amplifier\":\"OK\"}");
        }

        List<String> types() {
            return List.copyOf(types);
        }

        void ack(JsonNode command, String result, String detail) {
            publish("command/ack", "{\"commandId\":\"" + command.get("commandId").asText() + "\",\"result\":\"" + result
                    + "\"" + (detail == null ? "" : ",\"detail\":\"" + detail + "\"") + "}");
        }

        void event(String type, JsonNode command) {
            publish("event", "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + seq.incrementAndGet() + ",\"type\":\""
                    + type + "\",\"commandId\":\"" + command.get("commandId").asText() + "\"}");
        }

        /** Says it goes offline (its status topic, as its will would) and disconnects. */
        void goOffline() throws Exception {
            publish("status", "offline");
            client.disconnect();
        }

        private void publish(String channel, String payload) {
            try {
                client.publish("hub/v1/" + id + "/" + channel, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
