package org.communityhub.alerts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Settings per area subtree and per device: applied from the province down, then the device's, and explained. */
@QuarkusTest
@WithTestResource(HubServices.class)
class RuleSettingsTest {

    @Test
    void theStreetsSettingThenTheDevicesOwnApplyAndTheExplanationSaysSo() {
        TestAreas.Branch branch = TestAreas.create(2);
        String kiosk = TestAreas.device("KIOSK", branch.community());
        String neighbour = TestAreas.device("KIOSK", branch.communities().get(1));
        save(Map.of("rule", "KIOSK_CPU_HOT", "areaCode", branch.street(),
                "settings", Map.of("threshold", 75, "after", "PT10M")));
        save(Map.of("rule", "KIOSK_CPU_HOT", "deviceId", kiosk, "settings", Map.of("threshold", 90)));

        Map<String, Object> own = rule(kiosk, "KIOSK_CPU_HOT");
        assertEquals(90.0, ((Number) ((Map<?, ?>) own.get("tuning")).get("threshold")).doubleValue());
        assertEquals("PT10M", ((Map<?, ?>) own.get("tuning")).get("after"), "the street's delay stays");
        List<Map<String, Object>> applied = cast(own.get("appliedSettings"));
        assertEquals(branch.street(), applied.get(0).get("areaCode"), "the area first");
        assertEquals(kiosk, applied.get(1).get("deviceId"), "then the device's own");
        assertEquals(75.0, ((Number) ((Map<?, ?>) rule(neighbour, "KIOSK_CPU_HOT").get("tuning")).get("threshold"))
                .doubleValue(), "the street's setting reaches every community of the street");

        // a second post for the same rule and scope replaces the first
        save(Map.of("rule", "KIOSK_CPU_HOT", "deviceId", kiosk, "settings", Map.of("enabled", false)));
        Map<String, Object> replaced = rule(kiosk, "KIOSK_CPU_HOT");
        assertEquals(false, ((Map<?, ?>) replaced.get("tuning")).get("enabled"));
        assertEquals(75.0, ((Number) ((Map<?, ?>) replaced.get("tuning")).get("threshold")).doubleValue());
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        String community = TestAreas.create(1).community();
        String kiosk = TestAreas.device("KIOSK", community);
        refused(Map.of("rule", "KIOSK_TELEPORTED", "deviceId", kiosk, "settings", Map.of("enabled", false)), "rule");
        refused(Map.of("rule", "ELDER_ALERT_SOS", "deviceId", kiosk, "settings", Map.of("threshold", 3)), "threshold");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of("after", "ten minutes")), "after");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of("after", "P400D")), "after");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of("hours", Map.of("from", "25:00",
                "to", "08:00"))), "hours");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of("hours", Map.of("from", "08:00",
                "to", "20:00", "zone", "Mars/Olympus"))), "hours");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of("severity", "APOCALYPTIC")),
                "severity");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of("enabled", "no")), "enabled");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "areaCode", community,
                "settings", Map.of("enabled", false)), "deviceId");
        refused(Map.of("rule", "KIOSK_OFFLINE", "settings", Map.of("enabled", false)), "areaCode");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", "no-such-device", "settings", Map.of("enabled", false)),
                "deviceId");
        refused(Map.of("rule", "KIOSK_OFFLINE", "deviceId", kiosk, "settings", Map.of()), "settings");
        Api.asAdmin().get("/api/v1/devices/no-such-device/alert-rules").then().statusCode(404);
        Api.asAdmin().delete("/api/v1/alert-rule-settings/999999999").then().statusCode(404);
    }

    @Test
    void theDefaultsAreListedWithWhatRaisesThem() {
        JsonPath rules = Api.asAdmin().get("/api/v1/alert-rules").then().statusCode(200).extract().jsonPath();
        assertEquals(26, rules.getInt("total"));
        Api.asAdmin().get("/api/v1/alert-rules").then()
                .body("items.rule", hasItem("BROADCAST_UNIT_SELF_TEST_OVERDUE"))
                .body("items.find { it.rule == 'KIOSK_OFFLINE' }.description", containsString("PT10M"))
                .body("items.find { it.rule == 'ELDER_ALERT_SOS' }.tuning.severity", equalTo("CRITICAL"));
    }

    private static void save(Map<String, Object> body) {
        Api.asAdmin().body(body).post("/api/v1/alert-rule-settings").then().statusCode(201);
    }

    private static void refused(Map<String, Object> body, String field) {
        Api.asAdmin().body(body).post("/api/v1/alert-rule-settings").then().statusCode(400)
                .body("fields", hasItem(field));
    }

    private static Map<String, Object> rule(String deviceId, String rule) {
        List<Map<String, Object>> rules = Api.asAdmin().get("/api/v1/devices/" + deviceId + "/alert-rules").then()
                .statusCode(200).extract().path("items");
        return rules.stream().filter(r -> rule.equals(r.get("rule"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cast(Object list) {
        return (List<Map<String, Object>>) list;
    }
}
