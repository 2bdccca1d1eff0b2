package org.communityhub.reports;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.communityhub.alerts.Hours;
import org.communityhub.connectivity.LinkState;
import org.communityhub.reports.UptimeCalculator.History;
import org.communityhub.reports.UptimeCalculator.Transition;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * A kiosk driven over MQTT through online (in service, then with its printer jammed), offline for
 * silence, and a broker outage (the hub cannot hear), then online again: the uptime report's seconds
 * are exactly those of the history the hub stored, the outage is unknown and never offline, the CSV
 * carries the JSON's figures, and coverage sees the kiosk's community covered only while it served.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class KioskUptimeOverMqttTest {

    @Test
    void onlineOfflineAndTheHubsDeafnessAreCountedExactly() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String kiosk = "kiosk-uptime-" + branch.community();
        Api.asAdmin().body(Map.of("id", kiosk, "deviceClass", "KIOSK", "areaCode", branch.community(), "name", "一体机",
                "expectedIntervalSeconds", 1)).post("/api/v1/devices").then().statusCode(201);
        String silent = TestAreas.device("KIOSK", branch.communities().get(1));
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int seq = 0;
        Instant serving;
        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            seq = beat(device, seq, 6, "\"serviceState\":\"IN_SERVICE\",\"printer\":\"OK\"");
            serving = Instant.now();
            seq = beat(device, seq, 4, "\"serviceState\":\"IN_SERVICE\",\"printer\":\"JAM\"");
            await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> state(kiosk, "OFFLINE"));
        }
        Thread.sleep(1_000);
        OwnServices.run("HUB_TEST_MQTT_STOP");
        Thread.sleep(2_000);
        OwnServices.run("HUB_TEST_MQTT_START");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (MqttDevice device = MqttDevice.connect(kiosk)) {
                device.telemetry(payload(100, "\"serviceState\":\"IN_SERVICE\",\"printer\":\"OK\""));
            }
            return "ONLINE".equals(Api.asAdmin().get("/api/v1/devices/" + kiosk + "/state").path("connectivity"));
        });
        Instant to = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        List<Transition> history = history(kiosk);
        List<String> reasons = Api.asAdmin().queryParam("size", 100).get("/api/v1/devices/" + kiosk + "/connectivity")
                .then().extract().path("items.reason");
        assertTrue(reasons.contains("BROKER_DOWN") && reasons.contains("SILENT"), reasons.toString());
        Accounting expected = UptimeCalculator.account(new Interval(from, to),
                new History(null, null, LinkState.UNKNOWN, history), List.of(), List.of(), Hours.ALL_DAY);
        assertTrue(expected.unknown().compareTo(Duration.ofSeconds(2)) >= 0, "the outage is unknown: " + expected);
        assertTrue(expected.offline().compareTo(Duration.ofSeconds(1)) >= 0, "silence is offline: " + expected);

        String query = "/api/v1/reports/uptime?groupBy=device&area=" + branch.street() + "&from=" + from + "&to=" + to;
        JsonPath json = new JsonPath(Api.asAdmin().accept("application/json").get(query).then().statusCode(200)
                .extract().asString()).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        Map<String, Object> row = json.getMap("items.find { it.deviceId == '" + kiosk + "' }");
        assertEquals(seconds(expected.online()), row.get("onlineSeconds"));
        assertEquals(seconds(expected.offline()), row.get("offlineSeconds"));
        assertEquals(seconds(expected.unknown()), row.get("unknownSeconds"));
        assertEquals(BigDecimal.ZERO.setScale(6), row.get("maintenanceSeconds"));
        BigDecimal inService = (BigDecimal) row.get("inServiceSeconds");
        BigDecimal online = (BigDecimal) row.get("onlineSeconds");
        assertTrue(inService.compareTo(BigDecimal.ONE) > 0 && inService.compareTo(online) < 0,
                "in service while online and the printer worked, not while it was jammed: " + inService + " of " + online);
        Map<String, Object> never = json.getMap("items.find { it.deviceId == '" + silent + "' }");
        assertEquals(json.get("periodSeconds"), never.get("unknownSeconds"), "a kiosk never heard of is unknown");
        assertNull(never.get("uptimePercent"), "and has no uptime");

        byte[] csv = Api.asAdmin().accept("text/csv").get(query).then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        assertEquals("\uFEFF", new String(csv, StandardCharsets.UTF_8).substring(0, 1), "a byte-order mark for Excel");
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8).substring(1))).getRecords();
        assertEquals(2, records.size());
        for (CSVRecord record : records) {
            Map<String, Object> same = json.getMap("items.find { it.deviceId == '" + record.get("deviceId") + "' }");
            for (String column : List.of("onlineSeconds", "offlineSeconds", "unknownSeconds", "maintenanceSeconds",
                    "excludedSeconds", "inServiceSeconds")) {
                assertEquals(same.get(column), new BigDecimal(record.get(column)), column + " of " + record.get("deviceId"));
            }
            assertEquals(String.valueOf(same.get("name")), record.get("name"), "names in UTF-8");
        }

        JsonPath coverage = Api.asAdmin().get("/api/v1/reports/coverage?area=" + branch.street() + "&at="
                + serving.minusMillis(500)).then().statusCode(200).extract().jsonPath();
        assertEquals(2, coverage.getInt("communities"));
        assertEquals(1, coverage.getInt("covered"));
        assertEquals(branch.communities().get(1), coverage.getString("uncovered[0].code"));
        assertEquals("NONE_IN_SERVICE", coverage.getString("uncovered[0].reason"));
        JsonPath jammed = Api.asAdmin().get("/api/v1/reports/coverage?area=" + branch.street() + "&at="
                + serving.plusMillis(1_500)).then().statusCode(200).extract().jsonPath();
        assertEquals(0, jammed.getInt("covered"), "a jammed printer leaves the community uncovered");
        JsonPath now = Api.asAdmin().get("/api/v1/reports/coverage?area=" + branch.street()).then().statusCode(200)
                .extract().jsonPath();
        JsonPath probed = Api.asAdmin().get("/api/v1/reports/coverage?area=" + branch.street() + "&at=" + Instant.now())
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, now.getInt("covered"), "covered again now, from the current states");
        assertEquals(now.getList("uncovered"), probed.getList("uncovered"), "the current states agree with the histories");
    }

    @Test
    void badRequestsAreNamedAndOtherAreasAreRefused() {
        TestAreas.Branch branch = TestAreas.create(1);
        TestAreas.Branch other = TestAreas.create(1);
        Api.asAdmin().get("/api/v1/reports/uptime?area=12x").then().statusCode(400).body("fields", equalTo(List.of("area")));
        Api.asAdmin().get("/api/v1/reports/uptime?area=" + branch.street() + "&from=yesterday").then().statusCode(400)
                .body("fields", equalTo(List.of("from")));
        Api.asAdmin().get("/api/v1/reports/uptime?area=" + branch.street() + "&from=2026-10-02&to=2026-10-01")
                .then().statusCode(400);
        Api.asAdmin().get("/api/v1/reports/uptime?area=" + branch.street() + "&groupBy=planet").then().statusCode(400)
                .body("fields", equalTo(List.of("groupBy")));
        Api.asAdmin().get("/api/v1/reports/uptime?area=" + branch.street() + "&class=TOASTER").then().statusCode(400);
        Api.asAdmin().get("/api/v1/reports/uptime?area=" + branch.street() + "&from=2020-01-01").then().statusCode(400);
        Api.asAdmin().get("/api/v1/reports/uptime?area=719999999000").then().statusCode(404);
        Api.asAdmin().get("/api/v1/reports/coverage?area=" + branch.street() + "&at=now").then().statusCode(400)
                .body("fields", equalTo(List.of("at")));
        String staff = Api.dutyStaff("reports", branch.community());
        Api.asStaff(staff).get("/api/v1/reports/uptime").then().statusCode(200).body("areaCode", equalTo(branch.community()));
        Api.asStaff(staff).get("/api/v1/reports/uptime?area=" + other.community()).then().statusCode(404);
        Api.asStaff(staff).get("/api/v1/reports/coverage?area=" + branch.street()).then().statusCode(404);
    }

    private static int beat(MqttDevice device, int seq, int count, String fields) throws Exception {
        for (int i = 0; i < count; i++) {
            device.telemetry(payload(seq++, fields));
            Thread.sleep(300);
        }
        return seq;
    }

    private static String payload(int seq, String fields) {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + seq + "," + fields + "}";
    }

    private static void state(String kiosk, String connectivity) {
        Api.asAdmin().get("/api/v1/devices/" + kiosk + "/state").then().body("connectivity", equalTo(connectivity));
    }

    private static List<Transition> history(String kiosk) {
        JsonPath page = Api.asAdmin().queryParam("size", 100).get("/api/v1/devices/" + kiosk + "/connectivity").then()
                .statusCode(200).extract().jsonPath();
        List<String> times = page.getList("items.ts");
        List<String> states = page.getList("items.to");
        List<Transition> history = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            history.add(new Transition(Instant.parse(times.get(i)), LinkState.valueOf(states.get(i))));
        }
        Collections.reverse(history);
        return history;
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos() / 1_000, 6);
    }
}
