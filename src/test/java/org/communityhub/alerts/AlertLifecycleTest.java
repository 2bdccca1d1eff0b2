package org.communityhub.alerts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** The closed loop: found → acknowledged → assigned → resolved with a note → closed with an evaluation. */
@QuarkusTest
@WithTestResource(HubServices.class)
class AlertLifecycleTest {

    @Test
    void anAlertGoesRoundTheLoopAndEveryStepIsInItsTrail() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        String staff = "duty-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", staff, "password", "duty-password-1", "roles", List.of("DUTY_STAFF"),
                "areaCodes", List.of(branch.community()))).post("/api/v1/users").then().statusCode(201);
        Object id = doorForced(branch.community()).get("id");
        String path = "/api/v1/alerts/" + id;

        Api.as(staff, "duty-password-1").body("{}").post(path + "/close").then().statusCode(409)
                .body("detail", containsString("RESOLVED"));
        Api.as(staff, "duty-password-1").body("{}").post(path + "/ack").then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED"));
        Api.as(staff, "duty-password-1").body("{}").post(path + "/ack").then().statusCode(409);
        Api.as(staff, "duty-password-1").body(Map.of("assignee", "nobody-" + System.nanoTime()))
                .post(path + "/assign").then().statusCode(400).body("fields", hasItem("assignee"));
        Api.as(staff, "duty-password-1").body(Map.of("assignee", staff)).post(path + "/assign").then()
                .statusCode(200).body("state", equalTo("ASSIGNED")).body("assignee", equalTo(staff));
        Api.as(staff, "duty-password-1").body("{}").post(path + "/resolve").then().statusCode(400)
                .body("fields", hasItem("note"));
        Api.as(staff, "duty-password-1").body(Map.of("note", "a\u0000b")).post(path + "/resolve").then().statusCode(400)
                .body("fields", hasItem("note"));
        Api.as(staff, "duty-password-1").body(Map.of("note", "x".repeat(4001))).post(path + "/resolve").then()
                .statusCode(400).body("fields", hasItem("note"));
        Api.as(staff, "duty-password-1").body(Map.of("assignee", "admin\u0000")).post(path + "/assign").then()
                .statusCode(400).body("fields", hasItem("assignee"));
        Api.as(staff, "duty-password-1").body(Map.of("note", "door repaired, parcels checked")).post(path + "/resolve")
                .then().statusCode(200).body("state", equalTo("RESOLVED"))
                .body("resolution", equalTo("door repaired, parcels checked"));
        Api.as(staff, "duty-password-1").body(Map.of("rating", 6)).post(path + "/close").then().statusCode(400)
                .body("fields", hasItem("rating"));
        Api.as(staff, "duty-password-1").body(Map.of("rating", 5, "comment", "quick")).post(path + "/close").then()
                .statusCode(200).body("state", equalTo("CLOSED")).body("rating", equalTo(5));
        Api.as(staff, "duty-password-1").body(Map.of("note", "again")).post(path + "/resolve").then().statusCode(409);
        Api.as(staff, "duty-password-1").body("{}").post(path + "/escalate").then().statusCode(404);

        var trail = Alerts.get(id);
        assertEquals(List.of("RAISED", "ACKNOWLEDGED", "ASSIGNED", "RESOLVED", "CLOSED"), trail.getList("trail.action"));
        assertEquals(List.of("hub", staff, staff, staff, staff), trail.getList("trail.actor"));
        assertEquals("door repaired, parcels checked", trail.getString("trail[3].detail"));

        Api.as(staff, "duty-password-1").body("{}").post(path + "/reopen").then().statusCode(400)
                .body("fields", hasItem("reason"));
        Api.as(staff, "duty-password-1").body(Map.of("reason", "the door is loose again")).post(path + "/reopen")
                .then().statusCode(200).body("state", equalTo("OPEN"));
    }

    @Test
    void staffOfAnotherCommunityNeitherSeeNorTouchTheAlert() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String other = "other-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", other, "password", "other-password-1", "roles", List.of("DUTY_STAFF"),
                "areaCodes", List.of(branch.communities().get(1)))).post("/api/v1/users").then().statusCode(201);
        String street = "street-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", street, "password", "street-password-1", "roles", List.of("DUTY_STAFF"),
                "areaCodes", List.of(branch.street()))).post("/api/v1/users").then().statusCode(201);
        Map<String, Object> alert = doorForced(branch.community());

        Api.as(other, "other-password-1").get("/api/v1/alerts/" + alert.get("id")).then().statusCode(404);
        Api.as(other, "other-password-1").body("{}").post("/api/v1/alerts/" + alert.get("id") + "/ack").then()
                .statusCode(404);
        Api.as(other, "other-password-1").queryParam("deviceId", alert.get("deviceId")).get("/api/v1/alerts").then()
                .statusCode(200).body("total", equalTo(0));
        Api.as(street, "street-password-1").queryParam("deviceId", alert.get("deviceId")).get("/api/v1/alerts").then()
                .statusCode(200).body("total", equalTo(1));
    }

    @Test
    void filtersAreCheckedAndApplied() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        Map<String, Object> alert = doorForced(branch.community());
        Api.asAdmin().queryParam("area", branch.street()).queryParam("severity", "CRITICAL")
                .queryParam("class", "PARCEL_LOCKER").queryParam("type", "DOOR_FORCED").queryParam("state", "OPEN")
                .get("/api/v1/alerts").then().statusCode(200).body("items.id", hasItem(alert.get("id")));
        Api.asAdmin().queryParam("area", branch.street()).queryParam("severity", "MINOR").get("/api/v1/alerts").then()
                .statusCode(200).body("total", equalTo(0));
        Api.asAdmin().queryParam("state", "SHOUTING").get("/api/v1/alerts").then().statusCode(400)
                .body("fields", hasItem("state"));
        Api.asAdmin().queryParam("area", "12x").get("/api/v1/alerts").then().statusCode(400)
                .body("fields", hasItem("area"));
        Api.asAdmin().queryParam("from", "yesterday").get("/api/v1/alerts").then().statusCode(400)
                .body("fields", hasItem("from"));
        Api.asAdmin().get("/api/v1/alerts/999999999999").then().statusCode(404);
    }

    private static Map<String, Object> doorForced(String community) throws Exception {
        String locker = TestAreas.device("PARCEL_LOCKER", community);
        try (MqttDevice device = MqttDevice.connect(locker)) {
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"DOOR_FORCED\"}");
        }
        return Alerts.awaitState(locker, "DOOR_FORCED", "OPEN");
    }
}
