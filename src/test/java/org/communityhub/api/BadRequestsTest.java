package org.communityhub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The nastiest requests a client can send: oversized bodies, wrong types, unknown fields, SQL
 * metacharacters and wildcards in filters, path tricks in ids, malformed CSV. Each gets a 4xx problem
 * document (or, for a filter, an empty answer: the text is matched as text), and afterwards the
 * registry holds exactly what it held before.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class BadRequestsTest {

    /** What is sent and the status it must get; {@code items} null: a problem document is expected. */
    record Bad(String name, String method, String path, String contentType, byte[] body, int status, Integer items) {
    }

    @TestFactory
    Stream<DynamicTest> badRequestsGetProblemsAndChangeNothing() {
        TestAreas.Branch branch = TestAreas.create(1);
        String community = branch.community();
        String kiosk = TestAreas.device("KIOSK", community);
        String json = "application/json";
        List<Bad> bad = new ArrayList<>(List.of(
                bad("a 2 MiB JSON body", "POST", "/api/v1/devices", json, device(kiosk + "x", "x".repeat(2 << 20)), 413),
                bad("an id that is a number", "POST", "/api/v1/devices", json,
                        "{\"id\":5,\"deviceClass\":\"KIOSK\",\"areaCode\":\"" + community + "\",\"name\":\"n\"}", 400),
                bad("a class that is a list", "POST", "/api/v1/devices", json,
                        "{\"id\":\"x1\",\"deviceClass\":[\"KIOSK\"],\"areaCode\":\"" + community + "\",\"name\":\"n\"}", 400),
                bad("a misspelt field", "POST", "/api/v1/devices", json,
                        "{\"id\":\"x2\",\"deviceClass\":\"KIOSK\",\"areaCode\":\"" + community
                                + "\",\"name\":\"n\",\"expectedIntervalSecond\":60}", 400),
                bad("an array for an object", "POST", "/api/v1/areas", json, "[{\"code\":\"1\"}]", 400),
                bad("cut-off JSON", "PUT", "/api/v1/devices/" + kiosk, json, "{\"id\":\"" + kiosk, 400),
                bad("JSON nested 5,000 deep", "POST", "/api/v1/alert-rule-settings", json,
                        "{\"rule\":\"KIOSK_CPU_HOT\",\"areaCode\":\"" + community + "\",\"settings\":" + "[".repeat(5000)
                                + "]".repeat(5000) + "}", 400),
                bad("a NUL in a name", "POST", "/api/v1/areas", json,
                        "{\"code\":\"" + community.substring(0, 9) + "999\",\"name\":\"a\\u0000b\",\"kind\":\"URBAN\"}", 400),
                bad("SQL in an area filter", "GET", "/api/v1/devices?area=%27%20OR%201%3D1%20--", null, null, 400),
                bad("SQL in a state filter", "GET", "/api/v1/devices?state=ACTIVE%27%3BDROP%20TABLE%20devices%3B--", null, null, 400),
                bad("a wildcard as an area", "GET", "/api/v1/devices?area=" + community.substring(0, 4) + "%25", null, null, 400),
                bad("a huge page", "GET", "/api/v1/devices?size=100000", null, null, 400),
                bad("a negative page", "GET", "/api/v1/alerts?page=-1", null, null, 400),
                bad("a page beyond any int", "GET", "/api/v1/devices?page=99999999999", null, null, 400),
                bad("a size that is a word", "GET", "/api/v1/dead-letters?size=all", null, null, 400),
                bad("a date that is not one", "GET", "/api/v1/devices/" + kiosk + "/telemetry?from=yesterday", null, null, 400),
                bad("a path up the tree", "GET", "/api/v1/devices/..%2F..%2Fusers", null, null, 404),
                bad("a NUL in an id", "GET", "/api/v1/devices/" + kiosk + "%00", null, null, 404),
                bad("a wildcard as an id", "DELETE", "/api/v1/areas/" + community.substring(0, 6) + "%25", null, null, 404),
                bad("an id with a star", "POST", "/api/v1/devices/" + kiosk.substring(0, 5) + "*/decommission", json, "{}", 404),
                bad("CSV with an open quote", "POST", "/api/v1/devices/import", "text/csv",
                        "id,deviceClass,areaCode,name\n\"k9,KIOSK," + community + ",x\n", 400),
                bad("CSV without its header", "POST", "/api/v1/devices/import", "text/csv",
                        "k9,KIOSK," + community + ",x\n", 400),
                bad("CSV of binary noise", "POST", "/api/v1/devices/import", "text/csv", new byte[] {(byte) 0xff, 0, 1, (byte) 0xfe, 10}, 400),
                bad("CSV whose class is SQL", "POST", "/api/v1/devices/import", "text/csv",
                        "id,deviceClass,areaCode,name\nk10,KIOSK'); DELETE FROM devices;--," + community + ",x\n", 400)));
        // a filter's text is matched as text: SQL and LIKE wildcards find nothing, and harm nothing
        bad.add(new Bad("SQL as a device id filter", "GET", "/api/v1/dead-letters?deviceId=%25%27%20OR%20%271%27%3D%271", null, null, 200, 0));
        bad.add(new Bad("a LIKE wildcard as a device filter", "GET", "/api/v1/alerts?deviceId=%25", null, null, 200, 0));
        bad.add(new Bad("a LIKE wildcard as a user filter", "GET", "/api/v1/audit?user=%25", null, null, 200, 0));

        Map<String, Integer> before = registry(branch);
        List<DynamicTest> tests = new ArrayList<>();
        for (Bad request : bad) {
            tests.add(DynamicTest.dynamicTest(request.name(), () -> {
                Response response = send(request);
                assertEquals(request.status(), response.statusCode(), response.asString());
                if (request.items() == null) {
                    assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
                    assertEquals(request.status(), response.jsonPath().getInt("status"));
                    assertTrue(!response.asString().contains("at org.") && !response.asString().contains("SELECT"),
                            "no stack trace or SQL in an answer: " + response.asString());
                } else {
                    assertEquals(request.items(), response.jsonPath().getInt("total"));
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("the registry is as it was", () -> assertEquals(before, registry(branch))));
        return tests.stream();
    }

    /** Over the overall limit: refused from its declared length, before the 17 MiB are sent (Expect: 100-continue). */
    @org.junit.jupiter.api.Test
    void aBodyOverTheOverallLimitIsRefusedBeforeItIsRead() throws Exception {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/devices/import"))
                        .expectContinue(true).header("Content-Type", "text/csv")
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                ("admin:" + HubServices.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[17 << 20])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
    }

    @org.junit.jupiter.api.Test
    void answersCarryTheSecurityHeaders() {
        Api.asAdmin().get("/api/v1/users/me").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'none'"));
        io.restassured.RestAssured.given().get("/api/v1/devices").then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff");
    }

    private static Response send(Bad request) {
        var spec = Api.asAdmin().urlEncodingEnabled(false);
        if (request.contentType() != null) {
            spec.contentType(request.contentType());
        }
        if (request.body() != null) {
            spec.body(request.body());
        }
        return spec.request(request.method(), request.path());
    }

    /** The counts an admin sees, and the one kiosk's description. */
    private static Map<String, Integer> registry(TestAreas.Branch branch) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String list : List.of("devices", "areas", "users", "alert-rule-settings", "maintenance-windows", "webhooks")) {
            counts.put(list, Api.asAdmin().get("/api/v1/" + list).then().statusCode(200).extract().path("total"));
        }
        counts.put("devices of the branch", Api.asAdmin().get("/api/v1/devices?area=" + branch.street()).then()
                .extract().path("total"));
        return counts;
    }

    private static Bad bad(String name, String method, String path, String contentType, Object body, int status) {
        byte[] bytes = body == null ? null : body instanceof byte[] raw ? raw : body.toString().getBytes(StandardCharsets.UTF_8);
        return new Bad(name, method, path, contentType, bytes, status, null);
    }

    private static String device(String id, String name) {
        return "{\"id\":\"" + id + "\",\"deviceClass\":\"KIOSK\",\"areaCode\":\"230103004001\",\"name\":\"" + name + "\"}";
    }
}
