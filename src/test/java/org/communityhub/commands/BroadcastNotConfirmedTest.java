package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.communityhub.alerts.AlertClock;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * Units that do not confirm playing within {@code confirm-within} (3 s in the tests) raise
 * BROADCAST_NOT_CONFIRMED for their community's duty staff, with the reason; a unit that played raises
 * nothing, and a late playback resolves the alert. A maintenance window silences it for a drill, not
 * for an emergency.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class BroadcastNotConfirmedTest {

    @Inject
    AlertClock clock;

    private static final String TYPE = "BROADCAST_NOT_CONFIRMED";

    @Test
    void unitsThatDoNotConfirmRaiseTheAlertWithTheirReasonAndALatePlaybackResolvesIt() throws Exception {
        String community = TestAreas.create(1).community();
        String plays = TestAreas.device("BROADCAST_UNIT", community);
        String silent = TestAreas.device("BROADCAST_UNIT", community);
        String failing = TestAreas.device("BROADCAST_UNIT", community);
        String away = TestAreas.device("BROADCAST_UNIT", community);
        AtomicReference<JsonNode> silentPlay = new AtomicReference<>();
        try (BroadcastTest.Unit one = new BroadcastTest.Unit(plays, (unit, command) -> {
                    unit.ack(command, "ACCEPTED", null);
                    unit.event("PLAYBACK_STARTED", command);
                    unit.event("PLAYBACK_ENDED", command);
                    unit.ack(command, "DONE", null);
                });
                BroadcastTest.Unit two = new BroadcastTest.Unit(silent, (unit, command) -> {
                    silentPlay.set(command);
                    unit.ack(command, "ACCEPTED", null);
                });
                BroadcastTest.Unit three = new BroadcastTest.Unit(failing,
                        (unit, command) -> unit.ack(command, "FAILED", "amplifier fault"))) {
            String staff = Api.dutyStaff("confirm", community);
            long id = dispatch(Api.asStaff(staff), community, "EMERGENCY");

            Map<String, Object> alert = Alerts.awaitState(silent, TYPE, "OPEN");
            assertEquals("CRITICAL", alert.get("severity"));
            String detail = (String) alert.get("detail");
            assertTrue(detail.startsWith("EMERGENCY broadcast " + id + " not confirmed within 3 s: accepted"), detail);
            assertTrue(((String) Alerts.awaitState(failing, TYPE, "OPEN").get("detail"))
                    .endsWith("failed: amplifier fault"));
            assertTrue(((String) Alerts.awaitState(away, TYPE, "OPEN").get("detail"))
                    .endsWith("not reached yet: never heard from"));
            List<Map<String, Object>> seenByStaff = Api.asStaff(staff).queryParam("type", TYPE).queryParam("area", community)
                    .get("/api/v1/alerts").then().statusCode(200).extract().path("items");
            assertEquals(3, seenByStaff.size(), "the community's duty staff get the three");
            Alerts.settle();
            assertTrue(Alerts.of(plays, TYPE).isEmpty(), "a unit that played raises nothing");
            assertEquals(1, Alerts.of(silent, TYPE).get(0).get("count"), "each PLAY is reported once");
            String reason = (String) Api.asAdmin().get("/api/v1/broadcasts/" + id).then().statusCode(200).extract()
                    .jsonPath().getList("units", Map.class).stream().filter(u -> silent.equals(u.get("deviceId")))
                    .findFirst().orElseThrow().get("reason");
            assertTrue(reason.contains("no confirmation (BROADCAST_NOT_CONFIRMED raised at"), reason);

            two.event("PLAYBACK_STARTED", silentPlay.get());
            Alerts.awaitState(silent, TYPE, "RESOLVED");
            await().atMost(Duration.ofSeconds(10)).until(() -> "PLAYING".equals(Api.asAdmin()
                    .get("/api/v1/broadcasts/" + id).then().extract().jsonPath().getList("units", Map.class).stream()
                    .filter(u -> silent.equals(u.get("deviceId"))).findFirst().orElseThrow().get("state")));
        }
    }

    @Test
    void maintenanceSilencesItForADrillNeverForAnEmergency() throws Exception {
        String community = TestAreas.create(1).community();
        String silent = TestAreas.device("BROADCAST_UNIT", community);
        Instant now = clock.now(); // the rules' clock, which other tests move forward
        Api.asAdmin().body(Map.of("areaCode", community, "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(Duration.ofHours(2)).toString(), "reason", "loudspeaker replaced"))
                .post("/api/v1/maintenance-windows").then().statusCode(201);
        try (BroadcastTest.Unit unit = new BroadcastTest.Unit(silent, (u, command) -> u.ack(command, "ACCEPTED", null))) {
            long drill = dispatch(Api.asAdmin(), community, "DRILL");
            await().atMost(Duration.ofSeconds(15)).until(() -> Api.asAdmin().get("/api/v1/broadcasts/" + drill).then()
                    .extract().jsonPath().getString("units[0].reason").contains("no confirmation"));
            Alerts.settle();
            assertTrue(Alerts.of(silent, TYPE).isEmpty(), "a drill's unconfirmed unit under maintenance raises nothing");

            dispatch(Api.asAdmin(), community, "EMERGENCY");
            Alerts.awaitState(silent, TYPE, "OPEN");
        }
    }

    private static long dispatch(RequestSpecification as, String area, String priority) {
        return ((Number) as.body(Map.of("area", area, "text", "请注意收听", "priority", priority))
                .post("/api/v1/broadcasts").then().statusCode(201).extract().path("id")).longValue();
    }
}
