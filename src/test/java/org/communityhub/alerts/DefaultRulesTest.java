package org.communityhub.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every default rule of every class, driven by MQTT messages: the message that raises it (and, for a
 * rule with a delay, the rules' clock moved past it), then the message that clears it, or the person
 * who resolves it. Devices get all-day hours, so the outcome does not depend on the time of day.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class DefaultRulesTest {

    /** One rule's scenario: {@code raise} messages, the delay to pass, {@code clear} messages (none: resolved by a person). */
    record Case(String deviceClass, String type, List<String> raise, Duration delay, List<String> clear) {
        @Override
        public String toString() {
            return deviceClass + "_" + type;
        }
    }

    private static final String OFFLINE = "OFFLINE";

    @Inject
    AlertClock clock;
    @Inject
    RuleSettings settings;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("KIOSK", OFFLINE, List.of(), Duration.ofMinutes(10), List.of("t:{}")),
                value("KIOSK", "PRINTER_FAULT", "{\"printer\":\"JAM\"}", "{\"printer\":\"OK\"}"),
                value("KIOSK", "PAPER_LOW", "{\"printer\":\"PAPER_LOW\"}", "{\"printer\":\"OK\"}"),
                value("KIOSK", "CARD_READER_FAULT", "{\"cardReader\":\"FAULT\"}", "{\"cardReader\":\"OK\"}"),
                value("KIOSK", "SCREEN_FAULT", "{\"screen\":\"FAULT\"}", "{\"screen\":\"OK\"}"),
                new Case("KIOSK", "OUT_OF_SERVICE", List.of("t:{\"serviceState\":\"OUT_OF_SERVICE\"}"),
                        Duration.ofMinutes(30), List.of("t:{\"serviceState\":\"IN_SERVICE\"}")),
                new Case("KIOSK", "CPU_HOT", List.of("t:{\"cpuTempC\":85}"), Duration.ofMinutes(5),
                        List.of("t:{\"cpuTempC\":55}")),

                event("PARCEL_LOCKER", "DOOR_FORCED", "{\"type\":\"DOOR_FORCED\"}"),
                event("PARCEL_LOCKER", "TAMPER", "{\"type\":\"TAMPER\"}"),
                event("PARCEL_LOCKER", "DOOR_LEFT_OPEN", "{\"type\":\"DOOR_LEFT_OPEN\",\"compartment\":12}"),
                value("PARCEL_LOCKER", "ON_BATTERY", "{\"power\":\"BATTERY\"}", "{\"power\":\"MAINS\"}"),
                value("PARCEL_LOCKER", "BATTERY_LOW", "{\"batteryPct\":12}", "{\"batteryPct\":80}"),
                new Case("PARCEL_LOCKER", OFFLINE, List.of(), Duration.ofMinutes(30), List.of("t:{}")),
                new Case("PARCEL_LOCKER", "FULL", List.of("t:{\"compartmentsTotal\":40,\"compartmentsOccupied\":39}"),
                        Duration.ofHours(2), List.of("t:{\"compartmentsTotal\":40,\"compartmentsOccupied\":20}")),

                value("BROADCAST_UNIT", "AMPLIFIER_FAULT", "{\"amplifier\":\"FAULT\"}", "{\"amplifier\":\"OK\"}"),
                new Case("BROADCAST_UNIT", "SELF_TEST_FAILED", List.of("e:{\"type\":\"SELF_TEST\",\"passed\":false}"),
                        Duration.ZERO, List.of("e:{\"type\":\"SELF_TEST\",\"passed\":true}")),
                new Case("BROADCAST_UNIT", "SELF_TEST_OVERDUE", List.of("t:{\"volumePct\":50}"), Duration.ofDays(8),
                        List.of("e:{\"type\":\"SELF_TEST\",\"passed\":true}")),
                new Case("BROADCAST_UNIT", OFFLINE, List.of(), Duration.ofMinutes(15), List.of("t:{}")),
                value("BROADCAST_UNIT", "ON_BATTERY", "{\"power\":\"BATTERY\"}", "{\"power\":\"MAINS\"}"),

                event("ELDER_ALERT", "SOS", "{\"type\":\"SOS\"}"),
                event("ELDER_ALERT", "FALL", "{\"type\":\"FALL\"}"),
                new Case("ELDER_ALERT", "NO_MOTION", List.of("t:{\"lastMotionTs\":\"MOTION\"}"), Duration.ofHours(12),
                        List.of("e:{\"type\":\"CHECK_IN\"}")),
                new Case("ELDER_ALERT", "NOT_WORN", List.of("t:{\"worn\":false}"), Duration.ofHours(2),
                        List.of("t:{\"worn\":true}")),
                new Case("ELDER_ALERT", OFFLINE, List.of(), Duration.ofMinutes(30), List.of("t:{}")),
                value("ELDER_ALERT", "LOW_BATTERY", "{\"batteryPct\":9}", "{\"batteryPct\":90}"),
                new Case("ELDER_ALERT", "LOW_BATTERY", List.of("e:{\"type\":\"LOW_BATTERY\"}"), Duration.ZERO,
                        List.of("t:{\"batteryPct\":90}")));
    }

    /** Rules raised by something other than a device's messages, with the test that covers them. */
    private static final Map<String, String> ELSEWHERE = Map.of(
            "BROADCAST_UNIT_BROADCAST_NOT_CONFIRMED", "commands/BroadcastNotConfirmedTest (a broadcast's unit)");

    @Test
    void everyDefaultRuleHasAScenario() {
        List<String> covered = Stream.concat(cases().map(Case::toString), ELSEWHERE.keySet().stream()).distinct()
                .sorted().toList();
        List<String> rules = settings.defaults().stream().map(Rule::id).sorted().toList();
        assertEquals(rules, covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void raisedThenClearedOrResolved(Case scenario) throws Exception {
        String community = TestAreas.create(1).community();
        boolean offline = scenario.type().equals(OFFLINE);
        String id = scenario.deviceClass().toLowerCase().replace('_', '-') + "-rule-" + Long.toString(
                System.nanoTime(), 36);
        Map<String, Object> device = new HashMap<>(Map.of("id", id, "deviceClass", scenario.deviceClass(),
                "areaCode", community, "name", "rule test"));
        if (offline) {
            device.put("expectedIntervalSeconds", 1);
        }
        Api.asAdmin().body(device).post("/api/v1/devices").then().statusCode(201);
        String rule = scenario.toString();
        boolean hasHours = settings.rule(rule).orElseThrow().tunables().contains("hours");
        if (hasHours) {
            Alerts.setForDevice(id, rule, Map.of("hours", Alerts.ALL_DAY));
        }
        try (MqttDevice mqtt = MqttDevice.connect(id)) {
            int[] seq = {0};
            if (offline) {
                send(mqtt, "t:{}", seq);
                await().atMost(Duration.ofSeconds(10)).until(() -> "OFFLINE".equals(Api.asAdmin()
                        .get("/api/v1/devices/" + id + "/state").then().extract().path("connectivity")));
            }
            for (String message : scenario.raise()) {
                send(mqtt, message, seq);
            }
            if (!scenario.delay().isZero()) {
                awaitCondition(id, rule);
                Alerts.settle();
                assertTrue(Alerts.of(id, scenario.type()).isEmpty(), "nothing before the delay has passed");
                clock.advance(scenario.delay());
            }
            Map<String, Object> alert = Alerts.awaitState(id, scenario.type(), "OPEN");
            assertEquals(rule, alert.get("rule"));
            assertEquals(settings.rule(rule).orElseThrow().tuning().severity().name(), alert.get("severity"));

            if (scenario.clear().isEmpty()) {
                Api.asAdmin().body(Map.of("note", "visited; the resident is fine"))
                        .post("/api/v1/alerts/" + alert.get("id") + "/resolve").then().statusCode(200);
            } else {
                for (String message : scenario.clear()) {
                    send(mqtt, message, seq);
                }
            }
            Map<String, Object> resolved = Alerts.awaitState(id, scenario.type(), "RESOLVED");
            assertEquals(alert.get("id"), resolved.get("id"));
            String lastStep = Alerts.get(alert.get("id")).getString("trail[-1].action");
            assertEquals(scenario.clear().isEmpty() ? "RESOLVED" : "AUTO_RESOLVED", lastStep);
        }
    }

    private static Case value(String deviceClass, String type, String raise, String clear) {
        return new Case(deviceClass, type, List.of("t:" + raise), Duration.ZERO, List.of("t:" + clear));
    }

    private static Case event(String deviceClass, String type, String raise) {
        return new Case(deviceClass, type, List.of("e:" + raise), Duration.ZERO, List.of());
    }

    /** "t:{...}" is telemetry, "e:{...}" an event; ts and seq are added, MOTION becomes a minute ago. */
    private static void send(MqttDevice mqtt, String message, int[] seq) throws Exception {
        long now = System.currentTimeMillis();
        String body = message.substring(2).replace("\"MOTION\"", Long.toString(now - 60_000));
        String json = "{\"ts\":" + now + ",\"seq\":" + seq[0]++ + (body.equals("{}") ? "}" : "," + body.substring(1));
        if (message.startsWith("t:")) {
            mqtt.telemetry(json);
        } else {
            mqtt.event(json);
        }
    }

    private static void awaitCondition(String deviceId, String rule) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Map<String, Object>> rules = Api.asAdmin().get("/api/v1/devices/" + deviceId + "/alert-rules")
                    .then().statusCode(200).extract().path("items");
            return rules.stream().anyMatch(r -> rule.equals(r.get("rule")) && r.get("condition") != null);
        });
    }

}
