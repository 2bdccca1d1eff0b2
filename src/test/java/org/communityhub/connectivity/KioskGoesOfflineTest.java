package org.communityhub.connectivity;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Connectivity follows the data: heartbeats keep a kiosk online, silence or its will takes it offline. */
@QuarkusTest
@WithTestResource(HubServices.class)
class KioskGoesOfflineTest {

    @Test
    void aKioskIsOfflineAfterTwoMissedIntervalsAndOnlineAgainOnItsNextMessage() throws Exception {
        String community = TestAreas.create(1).community();
        String kiosk = "kiosk-fast-" + community;
        Api.asAdmin().body(Map.of("id", kiosk, "deviceClass", "KIOSK", "areaCode", community, "name", "fast",
                "expectedIntervalSeconds", 1)).post("/api/v1/devices").then().statusCode(201);

        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":0,\"serviceState\":\"IN_SERVICE\"}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> state(kiosk)
                    .body("connectivity", equalTo("ONLINE"))
                    .body("reason", equalTo("MESSAGE"))
                    .body("lastSeen", notNullValue())
                    .body("latest.serviceState", equalTo("IN_SERVICE")));
            Instant lastSeen = Instant.parse(state(kiosk).extract().path("lastSeen"));

            await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> state(kiosk)
                    .body("connectivity", equalTo("OFFLINE"))
                    .body("reason", equalTo("SILENT")));
            Instant since = Instant.parse(state(kiosk).extract().path("since"));
            assertEquals(lastSeen.plusSeconds(2), since, "offline from the moment two intervals had passed");

            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> state(kiosk)
                    .body("connectivity", equalTo("ONLINE")).body("reason", equalTo("MESSAGE")));
        }
        List<String> history = history(kiosk);
        assertEquals("UNKNOWN", Api.asAdmin().get("/api/v1/devices/" + kiosk + "/connectivity").then()
                .extract().path("items[-1].from"), "the first change leaves UNKNOWN");
        assertTrue(history.containsAll(List.of("ONLINE MESSAGE", "OFFLINE SILENT")), history.toString());
        assertEquals("ONLINE MESSAGE", history.get(history.size() - 1), history.toString());
    }

    @Test
    void aWillOfflineMakesItOfflineAtOnce() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        MqttDevice device = MqttDevice.connectWithWill(kiosk);
        device.status("online");
        device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":0}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> state(kiosk).body("connectivity", equalTo("ONLINE")));

        device.dropConnection();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> state(kiosk)
                .body("connectivity", equalTo("OFFLINE"))
                .body("reason", equalTo("STATUS_OFFLINE")));
        assertEquals("OFFLINE STATUS_OFFLINE", history(kiosk).get(history(kiosk).size() - 1));
    }

    @Test
    void theStateOfAnUnknownDeviceIsNotFound() {
        Api.asAdmin().get("/api/v1/devices/no-such-device/state").then().statusCode(404);
        Api.asAdmin().get("/api/v1/devices/no-such-device/connectivity").then().statusCode(404);
    }

    @Test
    void aHistoryPeriodThatEndsBeforeItStartsIsRefusedNamingTheField() {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        Api.asAdmin().queryParam("from", "2026-11-02T00:00:00Z").queryParam("to", "2026-11-01T00:00:00Z")
                .get("/api/v1/devices/" + kiosk + "/connectivity").then().statusCode(400)
                .body("fields", hasItem("from"));
        Api.asAdmin().queryParam("from", "yesterday").get("/api/v1/devices/" + kiosk + "/connectivity")
                .then().statusCode(400).body("fields", hasItem("from"));
    }

    private static io.restassured.response.ValidatableResponse state(String id) {
        return Api.asAdmin().get("/api/v1/devices/" + id + "/state").then().statusCode(200);
    }

    /** The device's changes through the API, oldest first, as "TO REASON". */
    private static List<String> history(String deviceId) {
        List<Map<String, String>> items = Api.asAdmin().get("/api/v1/devices/" + deviceId + "/connectivity")
                .then().statusCode(200).extract().path("items");
        List<String> changes = new ArrayList<>();
        for (Map<String, String> change : items) {
            changes.add(0, change.get("to") + " " + change.get("reason"));
        }
        return changes;
    }
}
