package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * The scenario: a broadcast to a street of ten units, two of them offline. Eight play; the two
 * are "not reached, offline since …"; one that comes back before the expiry plays and the totals
 * follow; the other, back after the expiry, gets nothing.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class BroadcastToAStreetTest {

    private static final BiConsumer<BroadcastTest.Unit, com.fasterxml.jackson.databind.JsonNode> PLAYS = (unit, command) -> {
        unit.ack(command, "ACCEPTED", null);
        unit.event("PLAYBACK_STARTED", command);
        unit.event("PLAYBACK_ENDED", command);
        unit.ack(command, "DONE", null);
    };

    @Test
    void eightPlayTheOneBackBeforeTheExpiryPlaysTooTheOneBackAfterItGetsNothing() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(TestAreas.device("BROADCAST_UNIT", branch.communities().get(i % 2)));
        }
        String early = ids.get(8);
        String late = ids.get(9);
        List<BroadcastTest.Unit> units = new ArrayList<>();
        try {
            for (String id : ids) {
                units.add(new BroadcastTest.Unit(id, PLAYS));
            }
            units.get(8).goOffline();
            units.get(9).goOffline();
            await().atMost(Duration.ofSeconds(10)).until(() -> "OFFLINE".equals(connectivity(early))
                    && "OFFLINE".equals(connectivity(late)));

            Instant expiresAt = Instant.now().plusSeconds(12);
            long id = ((Number) Api.asAdmin().body(Map.of("area", branch.street(), "text", "台风预警：请勿外出",
                    "priority", "EMERGENCY", "expiresAt", expiresAt.toString())).post("/api/v1/broadcasts").then()
                    .statusCode(201).extract().path("id")).longValue();
            await().atMost(Duration.ofSeconds(10)).until(() -> broadcast(id).getInt("totals.played") == 8);
            JsonPath eight = broadcast(id);
            assertEquals(10, eight.getInt("totals.targeted"));
            assertEquals(2, eight.getInt("totals.notReached"));
            for (String away : List.of(early, late)) {
                String reason = reason(eight, away);
                assertTrue(reason.startsWith("not reached yet: offline since "), reason);
            }

            BroadcastTest.Unit back = new BroadcastTest.Unit(early, PLAYS);
            units.add(back);
            await().atMost(Duration.ofSeconds(10)).until(() -> broadcast(id).getInt("totals.played") == 9);
            assertEquals(List.of("PLAY"), back.types());

            await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(2)));
            BroadcastTest.Unit tooLate = new BroadcastTest.Unit(late, PLAYS);
            units.add(tooLate);
            await().atMost(Duration.ofSeconds(10)).until(() -> "ONLINE".equals(connectivity(late)));
            Thread.sleep(3000); // two dispatch rounds and more: nothing may come
            assertEquals(List.of(), tooLate.types(), "after the expiry a unit that reconnects gets nothing");
            JsonPath after = broadcast(id);
            assertEquals(9, after.getInt("totals.played"));
            assertTrue(reason(after, late).startsWith("not reached before the expiry (online since"), reason(after, late));
        } finally {
            for (BroadcastTest.Unit unit : units) {
                unit.close();
            }
        }
    }

    private static String connectivity(String deviceId) {
        return Api.asAdmin().get("/api/v1/devices/" + deviceId + "/state").then().extract().path("connectivity");
    }

    private static JsonPath broadcast(long id) {
        return Api.asAdmin().get("/api/v1/broadcasts/" + id).then().statusCode(200).extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static String reason(JsonPath broadcast, String deviceId) {
        return (String) broadcast.getList("units", Map.class).stream().filter(u -> deviceId.equals(u.get("deviceId")))
                .findFirst().orElseThrow().get("reason");
    }
}
