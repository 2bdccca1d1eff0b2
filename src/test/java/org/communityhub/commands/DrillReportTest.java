package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * Drills are kept apart from real warnings, and each has its report per area: the share of units
 * that played and how long it took until 95 % had.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class DrillReportTest {

    @Test
    void aDrillIsListedApartAndReportsEachCommunitysShareAndTimeTo95Percent() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String a = branch.communities().get(0);
        String b = branch.communities().get(1);
        List<String> inA = List.of(TestAreas.device("BROADCAST_UNIT", a), TestAreas.device("BROADCAST_UNIT", a),
                TestAreas.device("BROADCAST_UNIT", a));
        String playsInB = TestAreas.device("BROADCAST_UNIT", b);
        String silentInB = TestAreas.device("BROADCAST_UNIT", b);
        BroadcastTest.Unit[] units = new BroadcastTest.Unit[5];
        try {
            for (int i = 0; i < 3; i++) {
                units[i] = new BroadcastTest.Unit(inA.get(i), DrillReportTest::play);
            }
            units[3] = new BroadcastTest.Unit(playsInB, DrillReportTest::play);
            units[4] = new BroadcastTest.Unit(silentInB, (unit, command) -> unit.ack(command, "ACCEPTED", null));

            long drill = dispatch(branch.street(), "DRILL");
            long notice = dispatch(branch.street(), "NOTICE");
            await().atMost(Duration.ofSeconds(15)).until(() -> Api.asAdmin().get("/api/v1/broadcasts/" + drill)
                    .then().extract().jsonPath().getInt("totals.played") == 4);

            JsonPath report = Api.asAdmin().get("/api/v1/broadcasts/" + drill + "/report").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("COMMUNITY", report.getString("groupBy"));
            assertEquals(5, report.getInt("whole.targeted"));
            assertEquals(4, report.getInt("whole.played"));
            assertEquals(0.8f, report.getFloat("whole.playedShare"));
            assertNull(report.get("whole.secondsTo95Pct"), "95 % of the street never played");
            Map<String, Object> ofA = area(report, a);
            assertEquals(3, ofA.get("targeted"));
            assertEquals(1.0f, ((Number) ofA.get("playedShare")).floatValue());
            assertNotNull(ofA.get("secondsTo95Pct"), report.prettify());
            assertTrue(((Number) ofA.get("secondsTo95Pct")).doubleValue() < 15, report.prettify());
            Map<String, Object> ofB = area(report, b);
            assertEquals(0.5f, ((Number) ofB.get("playedShare")).floatValue());
            assertNull(ofB.get("secondsTo95Pct"));
            JsonPath byStreet = Api.asAdmin().queryParam("groupBy", "street").get("/api/v1/broadcasts/" + drill + "/report")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(branch.street()), byStreet.getList("items.areaCode"));

            // kept apart: the real warnings' list leaves drills out; priority=DRILL lists them
            Api.asAdmin().queryParam("area", branch.street()).get("/api/v1/broadcasts").then().statusCode(200)
                    .body("items.id", hasItem((int) notice)).body("items.id", not(hasItem((int) drill)));
            Api.asAdmin().queryParam("area", branch.street()).queryParam("priority", "DRILL").get("/api/v1/broadcasts")
                    .then().statusCode(200).body("items.id", hasItem((int) drill))
                    .body("items.id", not(hasItem((int) notice))).body("items[0].units", org.hamcrest.Matchers.nullValue());

            // confined: the staff of another branch neither list nor read it
            String stranger = Api.dutyStaff("drill-stranger", TestAreas.create(1).community());
            Api.asStaff(stranger).queryParam("priority", "DRILL").get("/api/v1/broadcasts").then().statusCode(200)
                    .body("items.id", not(hasItem((int) drill)));
            Api.asStaff(stranger).get("/api/v1/broadcasts/" + drill + "/report").then().statusCode(404);

            Api.asAdmin().queryParam("groupBy", "device").get("/api/v1/broadcasts/" + drill + "/report").then()
                    .statusCode(400).body("fields", hasItem("groupBy"));
            Api.asAdmin().queryParam("groupBy", "planet").get("/api/v1/broadcasts/" + drill + "/report").then()
                    .statusCode(400).body("fields", hasItem("groupBy"));
            Api.asAdmin().queryParam("state", "PAUSED").get("/api/v1/broadcasts").then().statusCode(400)
                    .body("fields", hasItem("state"));
            Api.asAdmin().queryParam("priority", "LOUD").get("/api/v1/broadcasts").then().statusCode(400)
                    .body("fields", hasItem("priority"));
            Api.asAdmin().get("/api/v1/broadcasts/999999999/report").then().statusCode(404);
        } finally {
            for (BroadcastTest.Unit unit : units) {
                if (unit != null) {
                    unit.close();
                }
            }
        }
    }

    private static void play(BroadcastTest.Unit unit, com.fasterxml.jackson.databind.JsonNode command) {
        unit.ack(command, "ACCEPTED", null);
        if ("PLAY".equals(command.get("type").asText())) {
            unit.event("PLAYBACK_STARTED", command);
            unit.event("PLAYBACK_ENDED", command);
        }
    }

    private static long dispatch(String area, String priority) {
        return ((Number) Api.asAdmin().body(Map.of("area", area, "text", "演练：请按预案疏散", "priority", priority))
                .post("/api/v1/broadcasts").then().statusCode(201).extract().path("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> area(JsonPath report, String code) {
        return report.getList("items", Map.class).stream().filter(item -> code.equals(item.get("areaCode")))
                .findFirst().orElseThrow();
    }
}
