package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** An elderly resident's SOS reaches the duty staff as one CRITICAL alert, whatever else is wrong with it. */
@QuarkusTest
@WithTestResource(HubServices.class)
class SosRaisesCriticalAlertTest {

    @Test
    void anSosRaisesOneCriticalAlertAndARepeatCountsOnIt() throws Exception {
        String community = TestAreas.create(1).community();
        String elder = TestAreas.device("ELDER_ALERT", community);
        long now = System.currentTimeMillis();
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event("{\"ts\":" + now + ",\"seq\":1,\"type\":\"SOS\",\"button\":\"pendant\"}");
            Map<String, Object> alert = Alerts.awaitState(elder, "SOS", "OPEN");
            assertEquals("CRITICAL", alert.get("severity"));
            assertEquals(community, alert.get("areaCode"));
            assertEquals("ELDER_ALERT_SOS", alert.get("rule"));
            assertEquals(1, alert.get("count"));

            // the same message again (a redelivery) counts nothing; a second press counts once
            device.event("{\"ts\":" + now + ",\"seq\":1,\"type\":\"SOS\",\"button\":\"pendant\"}");
            device.event("{\"ts\":" + (now + 5000) + ",\"seq\":2,\"type\":\"SOS\"}");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Integer.valueOf(2).equals(Alerts.of(elder, "SOS").get(0).get("count")));
        Alerts.settle();
        assertEquals(1, Alerts.of(elder, "SOS").size(), "one alert per device and cause");
        assertEquals(2, Alerts.of(elder, "SOS").get(0).get("count"), "the redelivery was not counted");
        var trail = Alerts.get(Alerts.of(elder, "SOS").get(0).get("id"));
        assertEquals(java.util.List.of("RAISED", "REPEATED"), trail.getList("trail.action"));
    }

    @Test
    void anSosWithAGarbledTsStillAlertsTimedByTheHubAndKeepsTheDefect() throws Exception {
        String elder = TestAreas.device("ELDER_ALERT", TestAreas.create(1).community());
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event("{\"ts\":\"29/11/2026 08:00\",\"seq\":3,\"type\":\"SOS\",\"batteryNote\":\"low\"}");
        }
        Map<String, Object> alert = Alerts.awaitState(elder, "SOS", "OPEN");
        assertEquals("CRITICAL", alert.get("severity"));
        assertNotNull(alert.get("defect"), "the defect is kept beside the alert");
        assertTrue(alert.get("defect").toString().contains("ts"), alert.toString());
        assertTrue(alert.get("detail").toString().contains("batteryNote"), "the unknown field is kept: " + alert);
    }

    @Test
    void aFallWithAnUnknownFieldAndABadSeqStillAlerts() throws Exception {
        String elder = TestAreas.device("ELDER_ALERT", TestAreas.create(1).community());
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":-4,\"type\":\"FALL\",\"impactG\":3.2}");
        }
        Map<String, Object> alert = Alerts.awaitState(elder, "FALL", "OPEN");
        assertEquals("CRITICAL", alert.get("severity"));
        assertTrue(alert.get("defect").toString().contains("seq"), alert.toString());
    }
}
