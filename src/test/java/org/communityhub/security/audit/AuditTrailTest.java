package org.communityhub.security.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Every change through the API leaves one record: who, what, on which object, before and after, from where. */
@QuarkusTest
@WithTestResource(HubServices.class)
class AuditTrailTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void registryChangesAreRecordedWithTheStateBeforeAndAfter() {
        String community = TestAreas.create(1).community();
        String kiosk = TestAreas.device("KIOSK", community);
        Map<String, Object> created = only("devices", kiosk).getMap("items[0]");
        assertEquals("admin", created.get("username"));
        assertEquals("POST /api/v1/devices", created.get("action"));
        assertEquals(201, created.get("status"));
        assertEquals("127.0.0.1", created.get("address"));
        assertEquals(kiosk, ((Map<?, ?>) created.get("after")).get("id"));

        Api.asAdmin().body(Map.of("id", kiosk, "deviceClass", "KIOSK", "areaCode", community, "name", "renamed kiosk"))
                .put("/api/v1/devices/" + kiosk).then().statusCode(200);
        JsonPath trail = Api.asAdmin().get("/api/v1/audit?objectType=devices&objectId=" + kiosk).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, trail.getInt("total"));
        assertEquals("PUT /api/v1/devices/{id}", trail.getString("items[0].action"), "newest first");
        assertEquals("test " + kiosk, trail.getString("items[0].before.name"));
        assertEquals("renamed kiosk", trail.getString("items[0].after.name"));
    }

    @Test
    void alertActionsUsersAndCredentialsAreRecordedWithoutSecrets() throws Exception {
        String community = TestAreas.create(1).community();
        String elder = TestAreas.device("ELDER_ALERT", community);
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"SOS\"}");
        }
        Object alert = Alerts.awaitState(elder, "SOS", "OPEN").get("id");
        String staff = Api.dutyStaff("audited", community);
        Api.asStaff(staff).body(Map.of()).post("/api/v1/alerts/" + alert + "/ack").then().statusCode(200);
        JsonPath ack = only("alerts", alert.toString());
        assertEquals(staff, ack.getString("items[0].username"));
        assertEquals("POST /api/v1/alerts/{id}/ack", ack.getString("items[0].action"));
        assertEquals("OPEN", ack.getString("items[0].before.state"));
        assertEquals("ACKNOWLEDGED", ack.getString("items[0].after.state"));

        JsonPath user = only("users", staff);
        assertEquals(201, user.getInt("items[0].status"));
        assertFalse(user.prettify().contains(Api.STAFF_PASSWORD), "a password in the audit trail");

        String password = Api.asAdmin().post("/api/v1/devices/" + elder + "/credentials").then().statusCode(201)
                .extract().path("password");
        JsonPath issued = only("devices/credentials", elder);
        assertEquals("[redacted]", issued.getString("items[0].after.password"));
        assertEquals("NONE", issued.getString("items[0].before.state"));
        assertFalse(issued.prettify().contains(password));
    }

    @Test
    void refusedChangesAreRecordedTooAndReadsAreNot() {
        String community = TestAreas.create(1).community();
        String official = "audited-official-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", official, "password", Api.STAFF_PASSWORD, "roles", List.of("OFFICIAL"),
                "areaCodes", List.of(community))).post("/api/v1/users").then().statusCode(201);
        String kiosk = TestAreas.device("KIOSK", community);
        Api.as(official, Api.STAFF_PASSWORD).body(Map.of()).post("/api/v1/devices/" + kiosk + "/decommission").then()
                .statusCode(403);
        Api.as(official, Api.STAFF_PASSWORD).get("/api/v1/devices/" + kiosk).then().statusCode(200);
        JsonPath byOfficial = Api.asAdmin().get("/api/v1/audit?user=" + official).then().statusCode(200).extract().jsonPath();
        assertEquals(1, byOfficial.getInt("total"), "the refused change, and not the read");
        assertEquals(403, byOfficial.getInt("items[0].status"));
        assertEquals("POST /api/v1/devices/{id}/decommission", byOfficial.getString("items[0].action"));

        Api.as(official, Api.STAFF_PASSWORD).get("/api/v1/audit").then().statusCode(403);
        Api.asAdmin().get("/api/v1/audit?from=yesterday").then().statusCode(400);
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveARecord() throws SQLException {
        TestAreas.create(1);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : List.of("UPDATE audit_log SET username = 'someone else'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate(sql), sql);
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
        assertTrue(Api.asAdmin().get("/api/v1/audit").then().extract().jsonPath().getInt("total") > 0);
    }

    private static JsonPath only(String objectType, String objectId) {
        return Api.asAdmin().get("/api/v1/audit?objectType=" + objectType + "&objectId=" + objectId).then()
                .statusCode(200).extract().jsonPath();
    }
}
