package org.communityhub.commands;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * A unit that got a PLAY, lost its connection before answering, and came back gets the PLAY again
 * (same commandId) and plays it: a command the broker took is not a command the device heard.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class CommandAgainAfterReconnectTest {

    @Test
    void aSentCommandLeftUnansweredGoesAgainWhenTheDeviceIsBack() throws Exception {
        String community = TestAreas.create(1).community();
        String unitId = TestAreas.device("BROADCAST_UNIT", community);
        long id;
        String commandId;
        try (BroadcastTest.Unit deaf = new BroadcastTest.Unit(unitId, (unit, command) -> { })) {
            id = ((Number) Api.asAdmin().body(Map.of("area", community, "text", "请注意", "priority", "EMERGENCY"))
                    .post("/api/v1/broadcasts").then().statusCode(201).extract().path("id")).longValue();
            await().atMost(Duration.ofSeconds(10)).until(() -> deaf.types().contains("PLAY"));
            await().atMost(Duration.ofSeconds(10)).until(() -> unit(id).get("sentAt") != null);
            commandId = (String) unit(id).get("commandId");
            deaf.goOffline();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "OFFLINE".equals(Api.asAdmin()
                .get("/api/v1/devices/" + unitId + "/state").then().extract().path("connectivity")));
        try (BroadcastTest.Unit back = new BroadcastTest.Unit(unitId, (unit, command) -> {
            unit.ack(command, "ACCEPTED", null);
            unit.event("PLAYBACK_STARTED", command);
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "PLAYING".equals(unit(id).get("state")));
            assertEquals(List.of("PLAY"), back.types());
            assertEquals(commandId, unit(id).get("commandId"), "the same command, not a new one");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unit(long id) {
        return (Map<String, Object>) Api.asAdmin().get("/api/v1/broadcasts/" + id).then().statusCode(200).extract()
                .jsonPath().getList("units", Map.class).get(0);
    }
}
