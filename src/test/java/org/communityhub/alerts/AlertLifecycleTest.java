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
        String staff = Api.dutyStaff("duty", branch.community());
        Object id = doorForced(branch.community()).get("id");
        String path = "/api/v1/alerts/" + id;

        Api.asStaff(staff).body("{}").post(path + "/close").then().statusCode(409)
                .body("detail", containsString("RESOLVED"));
        Api.asStaff(staff).body("{}").post(path + "/ack").then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED"));
        Api.asStaff(staff).body("{}").post(path + "/ack").then().statusCode(409);
        Api.asStaff(staff).body(Map.of("assignee", "nobody-" + System.nanoTime()))
                .post(path + "/assign").then().statusCode(400).body("fields", hasItem("assignee"));
        Api.asStaff(staff).body(Map.of("assignee", staff)).post(path + "/assign").then()
                .statusCode(200).body("state", equalTo("ASSIGNED")).body("assignee", equalTo(staff));
        Api.asStaff(staff).body("{}").post(path + "/resolve").then().statusCode(400)
                .body("fields", hasItem("note"));
        Api.asStaff(staff).body(Map.of("note", "a\u0000b")).post(path + "/resolve").then().statusCode(400)
                .body("fields", hasItem("note"));
        Api.asStaff(staff).body(Map.of("note", "x".repeat(4001))).post(path + "/resolve").then()
                .statusCode(400).body("fields", hasItem("note"));
        Api.asStaff(staff).body(Map.of("assignee", "admin\u0000")).post(path + "/assign").then()
                .statusCode(400).body("fields", hasItem("assignee"));
        Api.asStaff(staff).body(Map.of("note", "door repaired, parcels checked")).post(path + "/resolve")
                .then().statusCode(200).body("state", equalTo("RESOLVED"))
                .body("resolution", equalTo("door repaired, parcels checked"));
        Api.asStaff(staff).body(Map.of("rating", 6)).post(path + "/close").then().statusCode(400)
                .body("fields", hasItem("rating"));
        Api.asStaff(staff).body(Map.of("rating", 5, "comment", "quick")).post(path + "/close").then()
                .statusCode(200).body("state", equalTo("CLOSED")).body("rating", equalTo(5));
        Api.asStaff(staff).body(Map.of("note", "again")).post(path + "/resolve").then().statusCode(409);
        Api.asStaff(staff).body("{}").post(path + "/escalate").then().statusCode(404);

        var trail = Alerts.get(id);
        assertEquals(List.of("RAISED", "ACKNOWLEDGED", "ASSIGNED", "RESOLVED", "CLOSED"), trail.getList("trail.action"));
        assertEquals(List.of("hub", staff, staff, staff, staff), trail.getList("trail.actor"));
        assertEquals("door repaired, parcels checked", trail.getString("trail[3].detail"));

        Api.asStaff(staff).body("{}").post(path + "/reopen").then().statusCode(400)
                .body("fields", hasItem("reason"));
        Api.asStaff(staff).body(Map.of("reason", "the door is loose again")).post(path + "/reopen")
                .then().statusCode(200).body("state", equalTo("OPEN"));
    }

    @Test
    void staffOfAnotherCommunityNeitherSeeNorTouchTheAlert() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String other = Api.dutyStaff("other", branch.communities().get(1));
        String street = Api.dutyStaff("street", branch.street());
        Map<String, Object> alert = doorForced(branch.community());

        Api.asStaff(other).get("/api/v1/alerts/" + alert.get("id")).then().statusCode(404);
        Api.asStaff(other).body("{}").post("/api/v1/alerts/" + alert.get("id") + "/ack").then()
                .statusCode(404);
        Api.asStaff(other).queryParam("deviceId", alert.get("deviceId")).get("/api/v1/alerts").then()
                .statusCode(200).body("total", equalTo(0));
        Api.asStaff(street).queryParam("deviceId", alert.get("deviceId")).get("/api/v1/alerts").then()
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
