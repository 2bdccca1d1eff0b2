package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** CAP 1.2 alerts from an early-warning platform: an Alert plays on the street's units, its Cancel stops them. */
@QuarkusTest
@WithTestResource(HubServices.class)
class CapBroadcastTest {

    @Test
    void anAlertPlaysOnTheStreetsUnitsAndItsCancelStopsThem() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String first = TestAreas.device("BROADCAST_UNIT", branch.communities().get(0));
        String second = TestAreas.device("BROADCAST_UNIT", branch.communities().get(1));
        try (BroadcastTest.Unit one = new BroadcastTest.Unit(first, CapBroadcastTest::playWithoutEnd);
                BroadcastTest.Unit two = new BroadcastTest.Unit(second, CapBroadcastTest::playWithoutEnd)) {
            String identifier = "HLJ-EW-" + System.nanoTime();
            long id = ((Number) cap(alert(identifier, "Alert", "Actual", null, "Severe", branch.street()))
                    .then().statusCode(201).body("msgType", equalTo("Alert"))
                    .body("dispatched[0].priority", equalTo("EMERGENCY"))
                    .body("dispatched[0].text", equalTo("暴雨红色预警：请立即转移至安全地带"))
                    .body("dispatched[0].totals.targeted", equalTo(2))
                    .extract().path("dispatched[0].id")).longValue();
            await().atMost(Duration.ofSeconds(15)).until(() -> playing(id) == 2);
            assertEquals(List.of("PLAY"), one.types());

            cap(alert("HLJ-EW-cancel-" + System.nanoTime(), "Cancel", "Actual", identifier, null, branch.street()))
                    .then().statusCode(200).body("stopped[0].id", equalTo((int) id))
                    .body("stopped[0].state", equalTo("STOPPED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> one.types().contains("STOP") && two.types().contains("STOP"));
        }
    }

    @Test
    void anExerciseIsADrill() {
        String street = TestAreas.create(1).street();
        cap(alert("HLJ-EX-" + System.nanoTime(), "Alert", "Exercise", null, "Extreme", street)).then().statusCode(201)
                .body("dispatched[0].priority", equalTo("DRILL"));
    }

    @Test
    void badDocumentsAreRefusedNamingTheElement() {
        String street = TestAreas.create(1).street();
        refused(alert("x1", "Alert", "Actual", null, "Severe", "239999999999"), "info/area/geocode");
        refused(alert("x2", "Alert", "Actual", null, "Severe", "12"), "info/area/geocode");
        refused(alert("x3", "Alert", "Actual", null, "Severe", street).replaceAll("(?s)<info>.*</info>", ""), "info");
        refused(alert("x4", "Alert", "Actual", null, "Severe", street).replace("<msgType>Alert</msgType>",
                "<msgType>Ack</msgType>"), "msgType");
        refused(alert("x5", "Alert", "Test", null, "Severe", street), "status");
        refused(alert("x6", "Update", "Actual", null, "Severe", street), "references");
        refused("""
                <?xml version="1.0"?>
                <!DOCTYPE alert [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&secret;</identifier></alert>
                """, "DOCTYPE");
        refused("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"/>", "alert");
        refused("not xml at all", "alert");
        Api.asAdmin().get("/api/v1/broadcasts/0").then().statusCode(404);
    }

    private static void playWithoutEnd(BroadcastTest.Unit unit, com.fasterxml.jackson.databind.JsonNode command) {
        unit.ack(command, "ACCEPTED", null);
        if ("PLAY".equals(command.get("type").asText())) {
            unit.event("PLAYBACK_STARTED", command);
        } else {
            unit.ack(command, "DONE", null);
        }
    }

    private static int playing(long id) {
        return Api.asAdmin().get("/api/v1/broadcasts/" + id).then().extract().path("totals.playing");
    }

    private static io.restassured.response.Response cap(String document) {
        return Api.asAdmin().contentType("application/cap+xml").body(document.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/broadcasts");
    }

    private static void refused(String document, String element) {
        cap(document).then().statusCode(400).contentType("application/problem+json").body("fields", hasItem(element));
    }

    private static String alert(String identifier, String msgType, String status, String references, String severity,
            String geocode) {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString();
        String expires = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).withNano(0).toString();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>%s</identifier>
                  <sender>hlj-early-warning@example.cn</sender>
                  <sent>%s</sent>
                  <status>%s</status>
                  <msgType>%s</msgType>
                  <scope>Public</scope>
                  %s
                  <info>
                    <language>zh-CN</language>
                    <category>Met</category>
                    <event>暴雨</event>
                    <urgency>Immediate</urgency>
                    <severity>%s</severity>
                    <certainty>Observed</certainty>
                    <expires>%s</expires>
                    <description>暴雨红色预警：请立即转移至安全地带</description>
                    <area>
                      <areaDesc>测试街道</areaDesc>
                      <geocode><valueName>GB/T 2260</valueName><value>%s</value></geocode>
                    </area>
                  </info>
                </alert>
                """.formatted(identifier, now, status, msgType,
                references == null ? "" : "<references>hlj-early-warning@example.cn," + references + "," + now + "</references>",
                severity == null ? "Severe" : severity, expires, geocode);
    }
}
