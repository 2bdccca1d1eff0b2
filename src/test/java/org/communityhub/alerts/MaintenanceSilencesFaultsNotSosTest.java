package org.communityhub.alerts;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Maintenance on a community silences its kiosk's offline alert (on record) but never an SOS. */
@QuarkusTest
@WithTestResource(HubServices.class)
class MaintenanceSilencesFaultsNotSosTest {

    @Inject
    AlertClock clock;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aKioskOfflineDuringMaintenanceRaisesNothingAnSosDoesAndTheKioskAlertsWhenTheWindowEnds() throws Exception {
        String community = TestAreas.create(1).community();
        String kiosk = "kiosk-maint-" + Long.toString(System.nanoTime(), 36);
        Api.asAdmin().body(Map.of("id", kiosk, "deviceClass", "KIOSK", "areaCode", community, "name", "maintained",
                "expectedIntervalSeconds", 1)).post("/api/v1/devices").then().statusCode(201);
        Alerts.setForDevice(kiosk, "KIOSK_OFFLINE", Map.of("hours", Alerts.ALL_DAY));
        String elder = TestAreas.device("ELDER_ALERT", community);
        Instant now = clock.now();
        Object window = Api.asAdmin().body(Map.of("areaCode", community, "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(Duration.ofHours(3)).toString(), "reason", "kiosk replaced"))
                .post("/api/v1/maintenance-windows").then().statusCode(201).extract().path("id");

        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "OFFLINE".equals(Api.asAdmin()
                .get("/api/v1/devices/" + kiosk + "/state").then().extract().path("connectivity")));
        clock.advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> suppressions(kiosk) == 1);
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"SOS\"}");
        }
        Alerts.awaitState(elder, "SOS", "OPEN");
        Alerts.settle();
        assertTrue(Alerts.of(kiosk).isEmpty(), "maintenance silences the offline alert");
        assertEquals(1, suppressions(kiosk), "the suppression is recorded once");

        Api.asAdmin().delete("/api/v1/maintenance-windows/" + window).then().statusCode(204);
        Alerts.awaitState(kiosk, "OFFLINE", "OPEN");
    }

    @Test
    void badWindowsAreRefusedNamingTheField() {
        String community = TestAreas.create(1).community();
        Api.asAdmin().body(Map.of("areaCode", community, "startsAt", "2026-12-01T10:00:00Z",
                "endsAt", "2026-12-01T09:00:00Z", "reason", "x")).post("/api/v1/maintenance-windows").then()
                .statusCode(400).body("fields", hasItem("endsAt"));
        Api.asAdmin().body(Map.of("areaCode", community, "startsAt", "2026-12-01T10:00:00Z",
                "endsAt", "2026-12-09T10:00:00Z", "weekly", true, "reason", "x")).post("/api/v1/maintenance-windows")
                .then().statusCode(400).body("fields", hasItem("endsAt"));
        Api.asAdmin().body(Map.of("startsAt", "2026-12-01T10:00:00Z", "endsAt", "2026-12-01T11:00:00Z", "reason", "x"))
                .post("/api/v1/maintenance-windows").then().statusCode(400).body("fields", hasItem("areaCode"));
        Api.asAdmin().body(Map.of("areaCode", community, "startsAt", "soon", "endsAt", "2026-12-01T11:00:00Z",
                "reason", "x")).post("/api/v1/maintenance-windows").then().statusCode(400)
                .body("fields", hasItem("startsAt"));
        Api.asAdmin().body(Map.of("areaCode", community + "999", "startsAt", "2026-12-01T10:00:00Z",
                "endsAt", "2026-12-01T11:00:00Z", "reason", "x")).post("/api/v1/maintenance-windows").then()
                .statusCode(400).body("fields", hasItem("areaCode"));
        Api.asAdmin().body(Map.of("areaCode", community, "startsAt", "2026-12-01T10:00:00Z",
                "endsAt", "2026-12-01T11:00:00Z")).post("/api/v1/maintenance-windows").then().statusCode(400)
                .body("fields", hasItem("reason"));
        Api.asAdmin().body(Map.of("areaCode", community, "startsAt", "2026-12-01T10:00:00Z",
                "endsAt", "2026-12-01T11:00:00Z", "reason", "nul \u0000 in it")).post("/api/v1/maintenance-windows")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("U+0000"));
        Api.asAdmin().delete("/api/v1/maintenance-windows/999999999").then().statusCode(404);
    }

    private int suppressions(String deviceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM alert_suppressions WHERE device_id = ?")) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
