package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.AlertStreamClient;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * A broadcast's progress reaches the consoles of its area on the live stream, as events named
 * {@code broadcast} carrying the totals, up to its stop; a console of another area gets none of it.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class BroadcastProgressStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theConsolesOfTheAreaFollowABroadcastUntilItStops() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        String unitId = TestAreas.device("BROADCAST_UNIT", branch.community());
        String officer = Api.dutyStaff("progress", branch.street());
        String stranger = Api.dutyStaff("progress-stranger", TestAreas.create(1).community());
        try (AlertStreamClient console = AlertStreamClient.open(officer, Api.STAFF_PASSWORD, null);
                AlertStreamClient elsewhere = AlertStreamClient.open(stranger, Api.STAFF_PASSWORD, null);
                BroadcastTest.Unit unit = new BroadcastTest.Unit(unitId, (u, command) -> {
                    u.ack(command, "ACCEPTED", null);
                    if ("PLAY".equals(command.get("type").asText())) {
                        u.event("PLAYBACK_STARTED", command);
                    } else {
                        u.ack(command, "DONE", null);
                    }
                })) {
            await().atMost(Duration.ofSeconds(5)).until(() -> console.status() == 200 && elsewhere.status() == 200);
            long id = ((Number) Api.asStaff(officer).body(Map.of("area", branch.street(), "text", "寒潮预警",
                    "priority", "NOTICE")).post("/api/v1/broadcasts").then().statusCode(201).extract().path("id"))
                    .longValue();
            await().atMost(Duration.ofSeconds(15)).until(() -> of(console, id).stream()
                    .anyMatch(b -> b.path("totals").path("playing").asInt() == 1));
            JsonNode playing = of(console, id).stream().filter(b -> b.path("totals").path("playing").asInt() == 1)
                    .findFirst().orElseThrow();
            assertEquals(1, playing.path("totals").path("targeted").asInt());
            assertTrue(playing.path("units").isMissingNode(), "the stream carries totals, not units");

            Api.asStaff(officer).body(Map.of()).post("/api/v1/broadcasts/" + id + "/stop").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> of(console, id).stream()
                    .anyMatch(b -> "STOPPED".equals(b.path("state").asText())));
            assertTrue(of(elsewhere, id).isEmpty(), "another area's console hears nothing of it");
            assertTrue(console.events().stream().noneMatch(event -> event.data().contains("\"totals\"")),
                    "broadcast progress does not mix with the alert events");
        }
    }

    private static List<JsonNode> of(AlertStreamClient console, long id) {
        return console.broadcasts().stream().map(data -> {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(b -> b.path("id").asLong() == id).toList();
    }
}
