package org.communityhub.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.AlertStreamClient;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** The live stream carries each change to the staff of the areas concerned, and a console that reconnects misses nothing. */
@QuarkusTest
@WithTestResource(HubServices.class)
class EscalationAndStreamTest {

    @Inject
    AlertClock clock;
    @Inject
    AlertsConfig config;

    @Test
    void anUnacknowledgedCriticalEscalatesUpTheTreeVisibleInTheTrailAndOnTheParentsStream() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String streetStaff = Api.dutyStaff("street", branch.street());
        String neighbour = Api.dutyStaff("neighbour", branch.communities().get(1));
        String elder = TestAreas.device("ELDER_ALERT", branch.community());
        try (AlertStreamClient street = AlertStreamClient.open(streetStaff, Api.STAFF_PASSWORD, null);
                AlertStreamClient other = AlertStreamClient.open(neighbour, Api.STAFF_PASSWORD, null);
                MqttDevice device = MqttDevice.connect(elder)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> street.status() == 200 && other.status() == 200);
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"SOS\"}");
            Map<String, Object> alert = Alerts.awaitState(elder, "SOS", "OPEN");

            clock.advance(config.escalateAfter());
            await().atMost(Duration.ofSeconds(10)).until(() -> branch.street().equals(
                    Alerts.of(elder, "SOS").get(0).get("escalatedTo")));
            var trail = Alerts.get(alert.get("id"));
            assertEquals("ESCALATED", trail.getString("trail[1].action"));
            assertEquals(branch.street(), trail.getString("trail[1].areaCode"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !street.containing("\"action\":\"ESCALATED\"").isEmpty());
            assertTrue(street.containing(elder).size() >= 2, "raised and escalated, on the street's stream");

            clock.advance(config.escalateAfter());
            await().atMost(Duration.ofSeconds(10)).until(() -> branch.county().equals(
                    Alerts.of(elder, "SOS").get(0).get("escalatedTo")));

            Api.asAdmin().body("{}").post("/api/v1/alerts/" + alert.get("id") + "/ack").then().statusCode(200);
            clock.advance(config.escalateAfter().multipliedBy(3));
            Alerts.settle();
            assertEquals(branch.county(), Alerts.of(elder, "SOS").get(0).get("escalatedTo"),
                    "an acknowledged alert escalates no further");
            assertTrue(other.containing(elder).isEmpty(), "another community's staff see none of it");
        }
    }

    @Test
    void aConsoleThatReconnectsWithLastEventIdGetsWhatItMissedOnce() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        String staff = Api.dutyStaff("console", branch.community());
        String locker = TestAreas.device("PARCEL_LOCKER", branch.community());
        long first;
        try (AlertStreamClient console = AlertStreamClient.open(staff, Api.STAFF_PASSWORD, null);
                MqttDevice device = MqttDevice.connect(locker)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> console.status() == 200);
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"TAMPER\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> console.containing(locker).size() == 1);
            first = console.containing(locker).get(0).id();
        }
        try (MqttDevice device = MqttDevice.connect(locker)) {
            long now = System.currentTimeMillis();
            device.event("{\"ts\":" + now + ",\"seq\":2,\"type\":\"DOOR_FORCED\"}");
            device.event("{\"ts\":" + (now + 1) + ",\"seq\":3,\"type\":\"DOOR_LEFT_OPEN\",\"compartment\":4}");
            Alerts.awaitState(locker, "DOOR_LEFT_OPEN", "OPEN");
        }
        try (AlertStreamClient console = AlertStreamClient.open(staff, Api.STAFF_PASSWORD, first)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> console.containing(locker).size() >= 2);
            Alerts.settle();
            List<AlertStreamClient.Event> missed = console.containing(locker);
            assertEquals(2, missed.size(), missed.toString());
            assertTrue(missed.stream().allMatch(event -> event.id() > first));
            assertTrue(missed.get(0).id() < missed.get(1).id(), "in order");
            assertTrue(missed.get(0).data().contains("DOOR_FORCED") && missed.get(1).data().contains("DOOR_LEFT_OPEN"));
        }
        Api.asStaff(staff).header("Last-Event-ID", "yesterday").get("/api/v1/alerts/stream").then()
                .statusCode(400);
    }

}
