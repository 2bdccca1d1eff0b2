package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Commands over the real broker: a device that is online gets its command on {@code command} at once
 * and the command is SENT; one that is offline gets it when it is heard from again; one that stays
 * away past the expiry never does. Bad requests are refused naming the field.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class DeviceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOnlineDeviceGetsItsCommandAtOnceAndAnOfflineOneWhenItIsHeardFromAgain() throws Exception {
        String community = TestAreas.create(1).community();
        String kiosk = TestAreas.device("KIOSK", community);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        try (Receiver receiver = new Receiver(kiosk, received)) {
            // never heard of: UNKNOWN, so the command waits
            String waiting = send(kiosk, Map.of("type", "SET_SERVICE_STATE", "params", Map.of("state", "MAINTENANCE")));
            Thread.sleep(1500);
            assertEquals(List.of(), received, "a command reached a device the hub has not heard from");
            state(kiosk, waiting, "PENDING");

            try (MqttDevice device = MqttDevice.connect(kiosk)) {
                device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"serviceState\":\"IN_SERVICE\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            JsonNode command = received.get(0);
            assertEquals(waiting, command.get("commandId").asText());
            assertEquals("SET_SERVICE_STATE", command.get("type").asText());
            assertEquals("MAINTENANCE", command.get("params").get("state").asText());
            assertTrue(Instant.parse(command.get("expiresAt").asText()).isAfter(Instant.now()));
            try (var schema = java.nio.file.Files.newInputStream(java.nio.file.Path.of("docs/schemas/command.json"))) {
                assertEquals(List.of(), com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(schema).validate(command),
                        "the command as published follows docs/schemas/command.json");
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> state(kiosk, waiting, "SENT"));

            // online now: the next one goes at once
            String reboot = send(kiosk, Map.of("type", "REBOOT"));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
            assertEquals(reboot, received.get(1).get("commandId").asText());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> state(kiosk, reboot, "SENT"));
        }
        Api.asAdmin().get("/api/v1/devices/" + kiosk + "/commands").then().statusCode(200).body("total", equalTo(2))
                .body("items[0].type", equalTo("REBOOT")).body("items[1].sentAt", notNullValue())
                .body("items[1].createdBy", equalTo("admin"));
    }

    @Test
    void aCommandWhoseDeviceStaysAwayPastItsExpiryIsNeverSent() throws Exception {
        String community = TestAreas.create(1).community();
        String unit = TestAreas.device("BROADCAST_UNIT", community);
        String late = send(unit, Map.of("type", "SET_VOLUME", "params", Map.of("volumePct", 80),
                "expiresAt", Instant.now().plusSeconds(2).toString()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> state(unit, late, "EXPIRED"));
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        try (Receiver receiver = new Receiver(unit, received); MqttDevice device = MqttDevice.connect(unit)) {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"volumePct\":50}");
            await().atMost(Duration.ofSeconds(10)).until(() -> "ONLINE".equals(Api.asAdmin()
                    .get("/api/v1/devices/" + unit + "/state").then().extract().path("connectivity")));
            Thread.sleep(1500);
        }
        assertEquals(List.of(), received, "an expired command reached its device");
    }

    @Test
    void badCommandsAreRefusedNamingTheFieldAndRolesAndAreasHold() {
        TestAreas.Branch branch = TestAreas.create(2);
        String kiosk = TestAreas.device("KIOSK", branch.communities().get(0));
        String locker = TestAreas.device("PARCEL_LOCKER", branch.communities().get(0));
        String elder = TestAreas.device("ELDER_ALERT", branch.communities().get(0));
        String neighbour = TestAreas.device("KIOSK", branch.communities().get(1));
        refused(kiosk, Map.of("type", "PLAY", "params", Map.of("text", "hello")), "type");
        refused(kiosk, Map.of("type", "SELF_DESTRUCT"), "type");
        refused(kiosk, Map.of("params", Map.of()), "type");
        refused(kiosk, Map.of("type", "SET_SERVICE_STATE"), "params/state");
        refused(kiosk, Map.of("type", "SET_SERVICE_STATE", "params", Map.of("state", "ASLEEP")), "params/state");
        refused(kiosk, Map.of("type", "REBOOT", "params", Map.of("now", true)), "params/now");
        refused(locker, Map.of("type", "OPEN_COMPARTMENT", "params", Map.of("compartment", 0)), "params/compartment");
        refused(kiosk, Map.of("type", "REBOOT", "expiresAt", Instant.now().minusSeconds(5).toString()), "expiresAt");
        refused(kiosk, Map.of("type", "REBOOT", "expiresAt", Instant.now().plus(Duration.ofDays(30)).toString()), "expiresAt");
        refused(kiosk, Map.of("type", "REBOOT", "expiresAt", "tomorrow"), "expiresAt");

        String staff = Api.dutyStaff("commands", branch.communities().get(0));
        Api.asStaff(staff).body(Map.of("type", "LOCATE")).post("/api/v1/devices/" + elder + "/commands").then()
                .statusCode(201).body("state", equalTo("PENDING")).body("createdBy", equalTo(staff));
        Api.asStaff(staff).body(Map.of("type", "OPEN_COMPARTMENT", "params", Map.of("compartment", 3)))
                .post("/api/v1/devices/" + locker + "/commands").then().statusCode(403)
                .contentType("application/problem+json");
        Api.asStaff(staff).body(Map.of("type", "REBOOT")).post("/api/v1/devices/" + neighbour + "/commands").then()
                .statusCode(404);
        Api.asStaff(staff).get("/api/v1/devices/" + neighbour + "/commands").then().statusCode(404);
        Api.asStaff(staff).get("/api/v1/devices/" + elder + "/commands/not-a-uuid").then().statusCode(404);
        Api.asAdmin().get("/api/v1/devices/" + kiosk + "/commands").then().body("total", equalTo(0));
        Api.asAdmin().get("/api/v1/audit?objectType=devices/commands&objectId=" + locker).then()
                .body("items.status", hasItem(403));
    }

    @Test
    void theDevicesAnswersMoveTheCommandOnAndStrayAnswersAreDeadLettered() throws Exception {
        String community = TestAreas.create(1).community();
        String unit = TestAreas.device("BROADCAST_UNIT", community);
        String other = TestAreas.device("BROADCAST_UNIT", community);
        String play = send(unit, Map.of("type", "PLAY", "params", Map.of("text", "防汛预警：请远离河道", "volumePct", 90)));
        String volume = send(unit, Map.of("type", "SET_VOLUME", "params", Map.of("volumePct", 30)));
        try (MqttDevice device = MqttDevice.connect(unit); MqttDevice stranger = MqttDevice.connect(other)) {
            device.publish("hub/v1/" + unit + "/command/ack", "{\"commandId\":\"" + play + "\",\"result\":\"ACCEPTED\"}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> state(unit, play, "ACCEPTED"));
            device.publish("hub/v1/" + unit + "/command/ack",
                    "{\"commandId\":\"" + play + "\",\"result\":\"DONE\",\"detail\":\"played twice\"}");
            device.publish("hub/v1/" + unit + "/command/ack",
                    "{\"commandId\":\"" + volume + "\",\"result\":\"FAILED\",\"detail\":\"amplifier fault\"}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> state(unit, volume, "FAILED"));
            // a redelivered answer, and a late one, change nothing once the command has ended
            device.publish("hub/v1/" + unit + "/command/ack", "{\"commandId\":\"" + play + "\",\"result\":\"ACCEPTED\"}");
            // strays: an unknown command, another device's command, bad answers
            device.publish("hub/v1/" + unit + "/command/ack", "{\"commandId\":\"" + java.util.UUID.randomUUID()
                    + "\",\"result\":\"DONE\"}");
            stranger.publish("hub/v1/" + other + "/command/ack", "{\"commandId\":\"" + play + "\",\"result\":\"FAILED\"}");
            device.publish("hub/v1/" + unit + "/command/ack", "{\"commandId\":\"" + play + "\",\"result\":\"MAYBE\"}");
            device.publish("hub/v1/" + unit + "/command/ack", "{\"commandId\":\"not-a-uuid\",\"result\":\"DONE\"}");
            device.publish("hub/v1/" + unit + "/command/ack", "{\"commandId\":42,\"result\":\"DONE\"}");
            device.publish("hub/v1/" + unit + "/command/ack", "{\"result\":\"DONE\"}");
            device.publish("hub/v1/" + unit + "/command/ack", "[1,2]");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                List.of("MALFORMED_JSON", "MISSING_FIELD", "OUT_OF_RANGE", "OUT_OF_RANGE", "UNKNOWN_COMMAND", "WRONG_TYPE"),
                Api.asAdmin().get("/api/v1/dead-letters?deviceId=" + unit).then().extract().<List<String>>path("items.reason")
                        .stream().sorted().toList()));
        Api.asAdmin().get("/api/v1/dead-letters?deviceId=" + other).then().body("items.reason", equalTo(List.of("UNKNOWN_COMMAND")))
                .body("items[0].detail", org.hamcrest.Matchers.containsString("is not device " + other));
        Api.asAdmin().get("/api/v1/devices/" + unit + "/commands/" + play).then().body("state", equalTo("DONE"))
                .body("detail", equalTo("played twice")).body("acceptedAt", notNullValue()).body("endedAt", notNullValue())
                .body("sentAt", notNullValue());
        Api.asAdmin().get("/api/v1/devices/" + unit + "/commands/" + volume).then().body("detail", equalTo("amplifier fault"));
    }

    private static String send(String deviceId, Map<String, Object> body) {
        return Api.asAdmin().body(body).post("/api/v1/devices/" + deviceId + "/commands").then().statusCode(201)
                .body("deviceId", equalTo(deviceId)).body("state", equalTo("PENDING")).extract().path("commandId");
    }

    private static void refused(String deviceId, Map<String, Object> body, String field) {
        Api.asAdmin().body(body).post("/api/v1/devices/" + deviceId + "/commands").then().statusCode(400)
                .body("fields", hasItem(field));
    }

    private static void state(String deviceId, String commandId, String state) {
        Api.asAdmin().get("/api/v1/devices/" + deviceId + "/commands/" + commandId).then().statusCode(200)
                .body("state", equalTo(state));
    }

    /** The device's side of its command topic, on the broker the hub uses. */
    private static final class Receiver implements AutoCloseable {
        private final MqttClient client;

        Receiver(String deviceId, List<JsonNode> into) throws Exception {
            client = new MqttClient(ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class),
                    deviceId + "-commands-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(deviceId);
            options.setCleanSession(true);
            client.connect(options);
            client.subscribe("hub/v1/" + deviceId + "/command", 1,
                    (topic, message) -> into.add(JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8))));
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }
}
