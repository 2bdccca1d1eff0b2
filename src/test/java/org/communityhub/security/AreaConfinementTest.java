package org.communityhub.security;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.communityhub.testing.AlertStreamClient;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Staff of community A against the objects of community B, their neighbour under the same street:
 * every read, action, list, report and export answers 404 or leaves B out, so B's existence does not
 * leak (MISSION.md §5). The same requests against A's objects are the control: they succeed.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class AreaConfinementTest {

    /** Two neighbouring communities with a device of each kind that matters and an open alert each. */
    record Neighbours(String a, String b, String street, String elderA, String elderB, String kioskA, String kioskB,
            long alertA, long alertB, long windowB, long settingB, long webhookB, String dutyA, String operatorA,
            String officialA) {
    }

    private static Neighbours fixture;

    /** One row of the table: what is asked, and the answer it must get. */
    record Row(String name, String user, String method, String path, Object body, int status) {
    }

    @TestFactory
    Stream<DynamicTest> staffOfOneCommunityFindNothingOfTheNext() throws Exception {
        Neighbours n = neighbours();
        String b = n.b();
        List<Row> rows = List.of(
                // reads: 404 as if absent
                row("device", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskB(), 404),
                row("device state", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskB() + "/state", 404),
                row("telemetry", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskB() + "/telemetry", 404),
                row("connectivity", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskB() + "/connectivity", 404),
                row("device rules", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskB() + "/alert-rules", 404),
                row("visits", n.dutyA(), "GET", "/api/v1/devices/" + n.elderB() + "/visits", 404),
                row("alert", n.dutyA(), "GET", "/api/v1/alerts/" + n.alertB(), 404),
                row("area", n.dutyA(), "GET", "/api/v1/areas/" + b, 404),
                row("uptime report", n.officialA(), "GET", "/api/v1/reports/uptime?area=" + b, 404),
                row("uptime export", n.officialA(), "GET", "/api/v1/reports/uptime?format=csv&area=" + b, 404),
                row("coverage", n.officialA(), "GET", "/api/v1/reports/coverage?area=" + b, 404),
                row("indicators", n.officialA(), "GET", "/api/v1/reports/indicators?area=" + b, 404),
                row("street report", n.officialA(), "GET", "/api/v1/reports/uptime?area=" + n.street(), 404),
                // actions on B's objects: 404 too
                row("ack", n.dutyA(), "POST", "/api/v1/alerts/" + n.alertB() + "/ack", Map.of(), 404),
                row("visit", n.dutyA(), "POST", "/api/v1/devices/" + n.elderB() + "/visits",
                        Map.of("visitor", "someone"), 404),
                row("update device", n.operatorA(), "PUT", "/api/v1/devices/" + n.kioskB(),
                        Map.of("id", n.kioskB(), "deviceClass", "KIOSK", "areaCode", n.a(), "name", "taken"), 404),
                row("decommission", n.operatorA(), "POST", "/api/v1/devices/" + n.kioskB() + "/decommission", Map.of(), 404),
                row("end maintenance", n.operatorA(), "DELETE", "/api/v1/maintenance-windows/" + n.windowB(), 404),
                row("delete rule setting", n.operatorA(), "DELETE", "/api/v1/alert-rule-settings/" + n.settingB(), 404),
                row("delete webhook", n.operatorA(), "DELETE", "/api/v1/webhooks/" + n.webhookB(), 404),
                row("webhook deliveries", n.operatorA(), "GET", "/api/v1/webhooks/" + n.webhookB() + "/deliveries", 404),
                row("rename area", n.operatorA(), "PUT", "/api/v1/areas/" + b,
                        Map.of("code", b, "name", "taken", "kind", "URBAN"), 404),
                row("delete area", n.operatorA(), "DELETE", "/api/v1/areas/" + b, 404),
                // creating things in B: the area is refused by name
                row("register in B", n.operatorA(), "POST", "/api/v1/devices",
                        Map.of("id", "intruder-" + System.nanoTime(), "deviceClass", "KIOSK", "areaCode", b, "name", "x"), 400),
                row("move into B", n.operatorA(), "PUT", "/api/v1/devices/" + n.kioskA(),
                        Map.of("id", n.kioskA(), "deviceClass", "KIOSK", "areaCode", b, "name", "moved"), 400),
                row("grid under B", n.operatorA(), "POST", "/api/v1/areas", Map.of("code", b + "001", "name", "x", "kind", "URBAN"), 400),
                row("maintain B", n.operatorA(), "POST", "/api/v1/maintenance-windows", window(b), 400),
                row("maintain B's device", n.operatorA(), "POST", "/api/v1/maintenance-windows",
                        Map.of("deviceId", n.kioskB(), "startsAt", Instant.now().toString(),
                                "endsAt", Instant.now().plusSeconds(600).toString(), "reason", "x"), 400),
                row("tune B", n.operatorA(), "POST", "/api/v1/alert-rule-settings",
                        Map.of("rule", "KIOSK_CPU_HOT", "areaCode", b, "settings", Map.of("threshold", 90)), 400),
                row("hook B", n.operatorA(), "POST", "/api/v1/webhooks", Map.of("areaCode", b, "url", "http://127.0.0.1:9/x"), 400),
                // the controls: the same on A's objects works
                row("own device", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskA(), 200),
                row("own state", n.dutyA(), "GET", "/api/v1/devices/" + n.kioskA() + "/state", 200),
                row("own alert", n.dutyA(), "GET", "/api/v1/alerts/" + n.alertA(), 200),
                row("own area", n.dutyA(), "GET", "/api/v1/areas/" + n.a(), 200),
                row("own report", n.officialA(), "GET", "/api/v1/reports/uptime?area=" + n.a(), 200),
                row("own visits", n.dutyA(), "GET", "/api/v1/devices/" + n.elderA() + "/visits", 200),
                row("maintain A", n.operatorA(), "POST", "/api/v1/maintenance-windows", window(n.a()), 201));
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.name() + " as " + row.user().replaceAll("-\\d+$", ""),
                () -> request(row).then().statusCode(row.status())));
    }

    @Test
    void listsLeaveTheNeighbourOut() throws Exception {
        Neighbours n = neighbours();
        Api.asStaff(n.dutyA()).get("/api/v1/devices?area=" + n.street()).then().statusCode(200)
                .body("items.id", hasItem(n.kioskA())).body("items.id", not(hasItem(n.kioskB())))
                .body("items.id", not(hasItem(n.elderB())));
        Api.asStaff(n.dutyA()).get("/api/v1/devices?area=" + n.b()).then().statusCode(200).body("total", equalTo(0));
        Api.asStaff(n.dutyA()).get("/api/v1/areas?under=" + n.street()).then().statusCode(200)
                .body("items.code", hasItem(n.a())).body("items.code", not(hasItem(n.b())))
                .body("items.code", not(hasItem(n.street())));
        Api.asStaff(n.dutyA()).get("/api/v1/alerts?area=" + n.street()).then().statusCode(200)
                .body("items.id", hasItem((int) n.alertA())).body("items.id", not(hasItem((int) n.alertB())));
        Api.asStaff(n.dutyA()).get("/api/v1/alerts?area=" + n.b()).then().statusCode(200).body("total", equalTo(0));
        Api.as(n.operatorA(), Api.STAFF_PASSWORD).get("/api/v1/maintenance-windows").then().statusCode(200)
                .body("items.id", not(hasItem((int) n.windowB())));
        Api.as(n.operatorA(), Api.STAFF_PASSWORD).get("/api/v1/alert-rule-settings").then().statusCode(200)
                .body("items.id", not(hasItem((int) n.settingB())));
        Api.as(n.operatorA(), Api.STAFF_PASSWORD).get("/api/v1/webhooks").then().statusCode(200)
                .body("items.id", not(hasItem((int) n.webhookB())));
        // the admin sees both, so the lists above were not empty by accident
        Api.asAdmin().get("/api/v1/devices?area=" + n.street()).then().body("items.id", hasItem(n.kioskB()));
        Api.asAdmin().get("/api/v1/maintenance-windows").then().body("items.id", hasItem((int) n.windowB()));
    }

    @Test
    void deadLettersOfTheNeighboursDevicesStayHidden() throws Exception {
        Neighbours n = neighbours();
        try (MqttDevice a = MqttDevice.connect(n.kioskA()); MqttDevice b = MqttDevice.connect(n.kioskB())) {
            a.telemetry("{not json");
            b.telemetry("{not json");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.asAdmin()
                .get("/api/v1/dead-letters?deviceId=" + n.kioskB()).then().body("total", equalTo(1)));
        Api.as(n.operatorA(), Api.STAFF_PASSWORD).get("/api/v1/dead-letters?deviceId=" + n.kioskB()).then()
                .statusCode(200).body("total", equalTo(0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.as(n.operatorA(), Api.STAFF_PASSWORD)
                .get("/api/v1/dead-letters?deviceId=" + n.kioskA()).then().body("total", equalTo(1)));
        Api.asStaff(n.dutyA()).get("/api/v1/dead-letters").then().statusCode(403);
    }

    @Test
    void theLiveStreamCarriesOnlyOwnAlerts() throws Exception {
        Neighbours n = neighbours();
        try (AlertStreamClient stream = AlertStreamClient.open(n.dutyA(), Api.STAFF_PASSWORD, null)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.status() == 200);
            long now = System.currentTimeMillis();
            try (MqttDevice a = MqttDevice.connect(n.elderA()); MqttDevice b = MqttDevice.connect(n.elderB())) {
                b.event("{\"ts\":" + now + ",\"seq\":50,\"type\":\"FALL\"}");
                a.event("{\"ts\":" + now + ",\"seq\":50,\"type\":\"FALL\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.containing(n.elderA()).isEmpty());
            Alerts.awaitState(n.elderB(), "FALL", "OPEN");
            Alerts.settle();
            assertTrue(stream.containing(n.elderB()).isEmpty(), "community B's fall reached A's console");
        }
    }

    @Test
    void anOfficialReadsButCannotAct() throws Exception {
        Neighbours n = neighbours();
        String official = n.officialA();
        Api.as(official, Api.STAFF_PASSWORD).get("/api/v1/alerts/" + n.alertA()).then().statusCode(200);
        Api.as(official, Api.STAFF_PASSWORD).get("/api/v1/reports/coverage?area=" + n.a()).then().statusCode(200);
        Api.as(official, Api.STAFF_PASSWORD).body(Map.of()).post("/api/v1/alerts/" + n.alertA() + "/ack").then()
                .statusCode(403).contentType("application/problem+json");
        Api.as(official, Api.STAFF_PASSWORD).body(Map.of("visitor", "x"))
                .post("/api/v1/devices/" + n.elderA() + "/visits").then().statusCode(403);
        Api.as(official, Api.STAFF_PASSWORD).body(window(n.a())).post("/api/v1/maintenance-windows").then().statusCode(403);
        Api.as(official, Api.STAFF_PASSWORD).body(Map.of("id", "x-" + System.nanoTime(), "deviceClass", "KIOSK",
                "areaCode", n.a(), "name", "x")).post("/api/v1/devices").then().statusCode(403);
        Api.as(official, Api.STAFF_PASSWORD).contentType("text/csv").body("id\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/devices/import").then().statusCode(403);
        Api.as(official, Api.STAFF_PASSWORD).get("/api/v1/users").then().statusCode(403);
        assertEquals("OPEN", Alerts.get(n.alertA()).getString("alert.state"), "the refused ack changed nothing");
    }

    private static Response request(Row row) {
        var request = Api.as(row.user(), Api.STAFF_PASSWORD);
        if (row.body() != null) {
            request.body(row.body());
        }
        return request.request(row.method(), row.path());
    }

    private static Row row(String name, String user, String method, String path, int status) {
        return new Row(name, user, method, path, null, status);
    }

    private static Row row(String name, String user, String method, String path, Object body, int status) {
        return new Row(name, user, method, path, body, status);
    }

    private static Map<String, Object> window(String area) {
        return Map.of("areaCode", area, "startsAt", Instant.now().plusSeconds(86_400).toString(),
                "endsAt", Instant.now().plusSeconds(90_000).toString(), "reason", "confinement test");
    }

    private static synchronized Neighbours neighbours() throws Exception {
        if (fixture != null) {
            return fixture;
        }
        TestAreas.Branch branch = TestAreas.create(2);
        String a = branch.communities().get(0);
        String b = branch.communities().get(1);
        String elderA = TestAreas.device("ELDER_ALERT", a);
        String elderB = TestAreas.device("ELDER_ALERT", b);
        String kioskA = TestAreas.device("KIOSK", a);
        String kioskB = TestAreas.device("KIOSK", b);
        long now = System.currentTimeMillis();
        try (MqttDevice deviceA = MqttDevice.connect(elderA); MqttDevice deviceB = MqttDevice.connect(elderB)) {
            deviceA.event("{\"ts\":" + now + ",\"seq\":1,\"type\":\"SOS\"}");
            deviceB.event("{\"ts\":" + now + ",\"seq\":1,\"type\":\"SOS\"}");
        }
        long alertA = ((Number) Alerts.awaitState(elderA, "SOS", "OPEN").get("id")).longValue();
        long alertB = ((Number) Alerts.awaitState(elderB, "SOS", "OPEN").get("id")).longValue();
        long windowB = created(Api.asAdmin().body(window(b)).post("/api/v1/maintenance-windows"));
        long settingB = created(Api.asAdmin().body(Map.of("rule", "KIOSK_CPU_HOT", "areaCode", b,
                "settings", Map.of("threshold", 90))).post("/api/v1/alert-rule-settings"));
        long webhookB = ((Number) Api.asAdmin().body(Map.of("areaCode", b, "url", "http://127.0.0.1:9/hook"))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("webhook.id")).longValue();
        Api.asAdmin().body(Map.of("visitor", "neighbour's social worker")).post("/api/v1/devices/" + elderB + "/visits")
                .then().statusCode(201);
        fixture = new Neighbours(a, b, branch.street(), elderA, elderB, kioskA, kioskB, alertA, alertB, windowB,
                settingB, webhookB, Api.dutyStaff("duty-a", a), user("operator-a", "OPERATOR", a),
                user("official-a", "OFFICIAL", a));
        return fixture;
    }

    private static long created(Response response) {
        return ((Number) response.then().statusCode(201).extract().path("id")).longValue();
    }

    private static String user(String prefix, String role, String area) {
        String username = prefix + "-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", username, "password", Api.STAFF_PASSWORD, "roles", List.of(role),
                "areaCodes", List.of(area))).post("/api/v1/users").then().statusCode(201);
        return username;
    }
}
