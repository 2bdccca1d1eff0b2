package org.communityhub.reports;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.communityhub.alerts.AlertsConfig;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * The plan's indicators on a street of three communities driven over MQTT, each figure and shortfall
 * as worked out by hand: community 1 has everything working, community 2 a jammed kiosk, a broadcast
 * unit with a faulty amplifier and a resident who took the device off, community 3 no kiosk and
 * devices never heard from.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class PlanIndicatorsTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AlertsConfig alerts;

    @Test
    void eachIndicatorsFigureAndShortfallAreTheOnesWorkedOutByHand() throws Exception {
        TestAreas.Branch branch = TestAreas.create(3);
        List<String> c = branch.communities();
        String k1 = TestAreas.device("KIOSK", c.get(0));
        String k2 = TestAreas.device("KIOSK", c.get(1));
        String b1 = TestAreas.device("BROADCAST_UNIT", c.get(0));
        String b2 = TestAreas.device("BROADCAST_UNIT", c.get(1));
        String b3 = TestAreas.device("BROADCAST_UNIT", c.get(2));
        String e1 = TestAreas.device("ELDER_ALERT", c.get(0));
        String e2 = TestAreas.device("ELDER_ALERT", c.get(1));
        String e3 = TestAreas.device("ELDER_ALERT", c.get(2));
        ZoneId zone = alerts.zone();
        ZonedDateTime yesterday = ZonedDateTime.now(zone).toLocalDate().minusDays(1).atStartOfDay(zone);
        Instant yesterdayNoon = yesterday.plusHours(12).toInstant();
        // kiosk 1 came on line yesterday at 08:00, in service: 16 h of yesterday, the period's one whole day
        history(k1, yesterday.plusHours(8).toInstant());

        int seq = 0;
        try (MqttDevice kiosk1 = MqttDevice.connect(k1); MqttDevice kiosk2 = MqttDevice.connect(k2);
                MqttDevice unit1 = MqttDevice.connect(b1); MqttDevice unit2 = MqttDevice.connect(b2);
                MqttDevice elder1 = MqttDevice.connect(e1); MqttDevice elder2 = MqttDevice.connect(e2)) {
            kiosk1.telemetry(message(seq++, now(), "\"serviceState\":\"IN_SERVICE\",\"printer\":\"OK\""));
            kiosk2.telemetry(message(seq++, now(), "\"serviceState\":\"IN_SERVICE\",\"printer\":\"JAM\""));
            unit1.telemetry(message(seq++, now(), "\"amplifier\":\"OK\""));
            unit1.event(message(seq++, now(), "\"type\":\"SELF_TEST\",\"passed\":true"));
            unit2.telemetry(message(seq++, now(), "\"amplifier\":\"FAULT\""));
            unit2.event(message(seq++, now(), "\"type\":\"SELF_TEST\",\"passed\":true"));
            elder1.telemetry(message(seq++, now(), "\"worn\":true,\"batteryPct\":80"));
            elder1.event(message(seq++, yesterdayNoon.toEpochMilli(), "\"type\":\"VISIT\",\"visitor\":\"王社工\""));
            elder1.event(message(seq++, now(), "\"type\":\"VISIT\",\"visitor\":\"王社工\""));
            elder2.telemetry(message(seq++, now(), "\"worn\":false,\"batteryPct\":80"));
        }
        for (String visitedAt : List.of(yesterdayNoon.toString(), Instant.now().toString())) {
            Api.asAdmin().body(Map.of("visitor", "李网格员", "visitedAt", visitedAt, "note", "送药"))
                    .post("/api/v1/devices/" + e2 + "/visits").then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String device : List.of(k1, k2, b1, b2, e1, e2)) {
                Api.asAdmin().get("/api/v1/devices/" + device + "/state").then().body("connectivity", equalTo("ONLINE"));
            }
            Api.asAdmin().get("/api/v1/devices/" + e1 + "/visits").then().body("total", equalTo(2));
        });

        String query = "/api/v1/reports/indicators?area=" + branch.street() + "&groupBy=community&from="
                + yesterday.toInstant();
        JsonPath report = Api.asAdmin().get(query).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(c.get(0), c.get(1), c.get(2)), report.getList("items.areaCode"));
        for (String indicator : List.of("KIOSK_COVERAGE", "KIOSK_OPEN_8_HOURS_DAILY", "BROADCAST_READY",
                "ELDER_DEVICES_ALIVE_AND_WORN", "MONTHLY_VISITS")) {
            assertIndicator(report, 0, indicator, 1, 1, List.of());
        }
        assertIndicator(report, 1, "KIOSK_COVERAGE", 0, 1, List.of("BELOW_TARGET: best kiosk in service 0.0 %"));
        assertIndicator(report, 1, "KIOSK_OPEN_8_HOURS_DAILY", 0, 1, List.of("IN_SERVICE_8_HOURS_ON 0 OF 1 DAYS"));
        assertIndicator(report, 1, "BROADCAST_READY", 0, 1, List.of("AMPLIFIER_FAULT"));
        assertIndicator(report, 1, "ELDER_DEVICES_ALIVE_AND_WORN", 0, 1, List.of("NOT_WORN"));
        assertIndicator(report, 1, "MONTHLY_VISITS", 1, 1, List.of());
        assertIndicator(report, 2, "KIOSK_COVERAGE", 0, 1, List.of("NO_KIOSK"));
        assertIndicator(report, 2, "KIOSK_OPEN_8_HOURS_DAILY", 0, 1, List.of("NO_KIOSK"));
        assertIndicator(report, 2, "BROADCAST_READY", 0, 1,
                List.of("NOT_REACHABLE, AMPLIFIER_UNKNOWN, NO_PASSED_SELF_TEST_IN_7_DAYS"));
        assertIndicator(report, 2, "ELDER_DEVICES_ALIVE_AND_WORN", 0, 1, List.of("NOT_REACHABLE, WORN_UNKNOWN"));
        String months = report.getString("items[2].indicators.find { it.indicator == 'MONTHLY_VISITS' }.shortfall[0].reason");
        assertEquals(true, months.matches("VISITED_IN 0 OF [12] MONTHS; LAST NEVER"), months);
        assertEquals(b3, report.getString("items[2].indicators.find { it.indicator == 'BROADCAST_READY' }.shortfall[0].deviceId"));
        assertEquals(e3, report.getString("items[2].indicators.find { it.indicator == 'MONTHLY_VISITS' }.shortfall[0].deviceId"));

        JsonPath street = Api.asAdmin().get("/api/v1/reports/indicators?groupBy=street&area=" + branch.street() + "&from="
                + yesterday.toInstant()).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(branch.street()), street.getList("items.areaCode"), "one row per area of the level");
        assertIndicator(street, 0, "KIOSK_COVERAGE", 1, 3, null);
        assertIndicator(street, 0, "MONTHLY_VISITS", 2, 3, null);
        assertEquals(100.0 / 3, street.getDouble("items[0].indicators.find { it.indicator == 'BROADCAST_READY' }.percent"),
                1e-4);

        String csv = Api.asAdmin().accept("text/csv").get(query).then().statusCode(200).extract().asString();
        assertEquals(1 + 3 * 5, csv.strip().split("\r\n").length, "a line per area and indicator: " + csv);
    }

    @Test
    void visitsAreRecordedOnlyOnAnElderAlertDeviceInTheCallersAreas() {
        TestAreas.Branch branch = TestAreas.create(1);
        TestAreas.Branch other = TestAreas.create(1);
        String elder = TestAreas.device("ELDER_ALERT", branch.community());
        String kiosk = TestAreas.device("KIOSK", branch.community());
        String elsewhere = TestAreas.device("ELDER_ALERT", other.community());
        String visits = "/api/v1/devices/" + elder + "/visits";
        Api.asAdmin().body(Map.of("note", "无人")).post(visits).then().statusCode(400).body("fields", equalTo(List.of("visitor")));
        Api.asAdmin().body(Map.of("visitor", "王", "visitedAt", Instant.now().plus(Duration.ofHours(1)).toString()))
                .post(visits).then().statusCode(400).body("fields", equalTo(List.of("visitedAt")));
        Api.asAdmin().body(Map.of("visitor", "王", "visitedAt", "last tuesday")).post(visits).then().statusCode(400)
                .body("fields", equalTo(List.of("visitedAt")));
        Api.asAdmin().body(Map.of("visitor", "王", "note", "x".repeat(2_001))).post(visits).then().statusCode(400)
                .body("fields", equalTo(List.of("note")));
        Api.asAdmin().body(Map.of("visitor", "王\u0000社工")).post(visits).then().statusCode(400)
                .body("fields", equalTo(List.of("visitor")));
        Api.asAdmin().body(Map.of("visitor", "王")).post("/api/v1/devices/" + kiosk + "/visits").then().statusCode(400)
                .body("fields", equalTo(List.of("id")));
        Api.asAdmin().body(Map.of("visitor", "王")).post("/api/v1/devices/no-such-device/visits").then().statusCode(404);
        String staff = Api.dutyStaff("visits", branch.community());
        Api.asStaff(staff).body(Map.of("visitor", "王社工", "note", "一切正常")).post(visits).then().statusCode(201)
                .body("source", equalTo("API")).body("recordedBy", equalTo(staff));
        Api.asStaff(staff).body(Map.of("visitor", "王")).post("/api/v1/devices/" + elsewhere + "/visits").then()
                .statusCode(404);
        Api.asStaff(staff).get(visits).then().statusCode(200).body("total", equalTo(1))
                .body("items.visitor", hasItems("王社工"));
    }

    private static void assertIndicator(JsonPath report, int row, String indicator, int meeting, int of,
            List<String> reasons) {
        String path = "items[" + row + "].indicators.find { it.indicator == '" + indicator + "' }";
        assertEquals(meeting, report.getInt(path + ".meeting"), path + ".meeting");
        assertEquals(of, report.getInt(path + ".of"), path + ".of");
        assertEquals(meeting == of, report.getBoolean(path + ".met"), path + ".met");
        if (reasons != null) {
            assertEquals(reasons, report.getList(path + ".shortfall.reason"), path + ".shortfall");
        }
    }

    private void history(String kiosk, Instant since) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement link = connection.prepareStatement("""
                        INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason)
                        VALUES (?, ?, 'UNKNOWN', 'ONLINE', 'MESSAGE')
                        """);
                PreparedStatement service = connection.prepareStatement("""
                        INSERT INTO service_changes (device_id, ts, in_service, reason) VALUES (?, ?, true, 'IN_SERVICE')
                        """)) {
            for (PreparedStatement statement : List.of(link, service)) {
                statement.setString(1, kiosk);
                statement.setTimestamp(2, Timestamp.from(since));
                statement.executeUpdate();
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String message(int seq, long ts, String fields) {
        return "{\"ts\":" + ts + ",\"seq\":" + seq + "," + fields + "}";
    }
}
