package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.connectivity.LinkState;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Field;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;
import org.junit.jupiter.api.Test;

/** Each kind of rule on what it is shown, without services. */
class RulesTest {

    static final Instant NOW = Instant.parse("2026-11-29T04:00:00Z"); // 12:00 in Shanghai
    static final List<Rule> DEFAULTS = Rules.defaults(new TestConfig());

    @Test
    void theDefaultsCoverEveryClassWithUniqueIdsAndTheIssuesSeverities() {
        assertEquals(DEFAULTS.size(), DEFAULTS.stream().map(Rule::id).distinct().count());
        for (DeviceClass deviceClass : DeviceClass.values()) {
            assertTrue(DEFAULTS.stream().anyMatch(r -> r.deviceClass() == deviceClass && r.type().equals("OFFLINE")));
        }
        assertEquals(Severity.CRITICAL, rule("BROADCAST_UNIT_OFFLINE").tuning().severity(), "an emergency can come at any hour");
        assertEquals(Duration.ofMinutes(10), rule("KIOSK_OFFLINE").tuning().after());
        assertFalse(rule("KIOSK_OFFLINE").tuning().hours().allDay(), "kiosks count their service hours only");
        assertTrue(rule("ELDER_ALERT_SOS").lifeSafety() && rule("ELDER_ALERT_FALL").lifeSafety()
                && rule("ELDER_ALERT_NO_MOTION").lifeSafety());
        assertFalse(rule("KIOSK_OFFLINE").lifeSafety() || rule("PARCEL_LOCKER_DOOR_FORCED").lifeSafety());
    }

    @Test
    void anEventRuleRaisesAtOnceAndOnlyOnItsEvent() {
        Rule sos = rule("ELDER_ALERT_SOS");
        Step step = sos.on(event(DeviceClass.ELDER_ALERT, "SOS", "{\"button\":\"pendant\"}", "ts: garbled"));
        Step.Raise raise = assertInstanceOf(Step.Raise.class, step);
        assertTrue(raise.detail().contains("pendant"));
        assertEquals("ts: garbled", raise.defect());
        assertEquals(Step.NONE, sos.on(event(DeviceClass.ELDER_ALERT, "CHECK_IN", "{}", null)));
        assertEquals(Step.NONE, sos.on(reading(TelemetryTable.ELDER_ALERT, Map.of("batteryPct", 50f))));
    }

    @Test
    void aFailedSelfTestRaisesAndAPassedOneResolves() {
        Rule failed = rule("BROADCAST_UNIT_SELF_TEST_FAILED");
        assertInstanceOf(Step.Raise.class, failed.on(event(DeviceClass.BROADCAST_UNIT, "SELF_TEST", "{\"passed\":false}", null)));
        assertInstanceOf(Step.Resolve.class, failed.on(event(DeviceClass.BROADCAST_UNIT, "SELF_TEST", "{\"passed\":true}", null)));
        assertEquals(Step.NONE, failed.on(event(DeviceClass.BROADCAST_UNIT, "SELF_TEST", "{}", null)), "no passed field");
    }

    @Test
    void aValueRuleHoldsWhileTheValueIsWrongClearsWhenRightAndIgnoresReadingsWithoutIt() {
        Rule printer = rule("KIOSK_PRINTER_FAULT");
        assertInstanceOf(Step.Hold.class, printer.on(reading(TelemetryTable.KIOSK, Map.of("printer", "JAM"))));
        assertInstanceOf(Step.Clear.class, printer.on(reading(TelemetryTable.KIOSK, Map.of("printer", "PAPER_LOW"))));
        assertEquals(Step.NONE, printer.on(reading(TelemetryTable.KIOSK, Map.of("cpuTempC", 40f))));

        Rule hot = rule("KIOSK_CPU_HOT");
        assertInstanceOf(Step.Hold.class, hot.on(reading(TelemetryTable.KIOSK, Map.of("cpuTempC", 80.5f))));
        assertInstanceOf(Step.Clear.class, hot.on(reading(TelemetryTable.KIOSK, Map.of("cpuTempC", 80f))), "above, not at");
        Rule tuned = hot.tuned(hot.tuning().threshold(90));
        assertInstanceOf(Step.Clear.class, tuned.on(reading(TelemetryTable.KIOSK, Map.of("cpuTempC", 85f))));

        Rule full = rule("PARCEL_LOCKER_FULL");
        assertInstanceOf(Step.Hold.class, full.on(reading(TelemetryTable.PARCEL_LOCKER,
                Map.of("compartmentsTotal", 40L, "compartmentsOccupied", 38L))), "95 % exactly");
        assertInstanceOf(Step.Clear.class, full.on(reading(TelemetryTable.PARCEL_LOCKER,
                Map.of("compartmentsTotal", 40L, "compartmentsOccupied", 37L))));
        assertEquals(Step.NONE, full.on(reading(TelemetryTable.PARCEL_LOCKER,
                Map.of("compartmentsTotal", 0L, "compartmentsOccupied", 0L))), "no compartments: nothing to judge");

        Rule battery = rule("ELDER_ALERT_LOW_BATTERY");
        assertInstanceOf(Step.Hold.class, battery.on(event(DeviceClass.ELDER_ALERT, "LOW_BATTERY", "{}", null)));
        assertInstanceOf(Step.Clear.class, battery.on(reading(TelemetryTable.ELDER_ALERT, Map.of("batteryPct", 15f))));
    }

    @Test
    void aValueRulesTimingPausesWhileTheDeviceIsUnknown() {
        Rule hot = rule("KIOSK_CPU_HOT");
        assertEquals(new Step.Pause(NOW), hot.on(new Seen.Link("kiosk-1", LinkState.UNKNOWN, NOW)));
        assertEquals(Step.NONE, hot.on(new Seen.Link("kiosk-1", LinkState.ONLINE, NOW)));
        Condition paused = Condition.since(NOW, "hot").paused(Hours.ALL_DAY, NOW.plus(Duration.ofMinutes(3)));
        assertFalse(hot.due(paused, NOW.plus(Duration.ofHours(1))), "3 minutes counted, the hour unknown is not");
        Condition resumed = paused.resumed(NOW.plus(Duration.ofHours(1)), "hot again");
        assertTrue(hot.due(resumed, NOW.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(2))));
    }

    @Test
    void aValueRuleIsDueOnlyAfterItsDelayCountedWithinItsHours() {
        Rule outOfService = rule("KIOSK_OUT_OF_SERVICE");
        Instant evening = Instant.parse("2026-11-29T11:50:00Z"); // 19:50 in Shanghai
        Condition since = Condition.since(evening, "OUT_OF_SERVICE");
        assertFalse(outOfService.due(since, Instant.parse("2026-11-30T00:10:00Z")), "10 + 10 minutes of service hours");
        assertTrue(outOfService.due(since, Instant.parse("2026-11-30T00:20:00Z")), "10 + 20 minutes");
    }

    @Test
    void theOfflineRuleHoldsOnOfflineClearsOnOnlineAndPausesOnUnknown() {
        Rule offline = rule("PARCEL_LOCKER_OFFLINE");
        assertInstanceOf(Step.Hold.class, offline.on(new Seen.Link("locker-1", LinkState.OFFLINE, NOW)));
        assertInstanceOf(Step.Clear.class, offline.on(new Seen.Link("locker-1", LinkState.ONLINE, NOW)));
        assertEquals(new Step.Pause(NOW), offline.on(new Seen.Link("locker-1", LinkState.UNKNOWN, NOW)));
        assertEquals(Step.NONE, offline.on(reading(TelemetryTable.PARCEL_LOCKER, Map.of("batteryPct", 50f))));
    }

    @Test
    void noMotionUsesTheDayWindowByDayAndTheNightWindowByNightAndACheckInRestartsIt() {
        Rule noMotion = rule("ELDER_ALERT_NO_MOTION");
        Instant moved = Instant.parse("2026-11-29T01:00:00Z"); // 09:00 in Shanghai
        Step.Restart restart = assertInstanceOf(Step.Restart.class,
                noMotion.on(reading(TelemetryTable.ELDER_ALERT, Map.of("lastMotionTs", moved))));
        assertEquals(moved, restart.since());
        Condition condition = Condition.since(moved, restart.detail());
        assertFalse(noMotion.due(condition, moved.plus(Duration.ofMinutes(239))));
        assertTrue(noMotion.due(condition, moved.plus(Duration.ofHours(4))), "13:00 by day: 4 h");
        Instant lateEvening = Instant.parse("2026-11-29T14:00:00Z"); // 22:00 in Shanghai
        Condition evening = Condition.since(lateEvening.minus(Duration.ofHours(5)), "x");
        assertFalse(noMotion.due(evening, lateEvening), "by night the window is 12 h");
        Step.Restart checkIn = assertInstanceOf(Step.Restart.class,
                noMotion.on(event(DeviceClass.ELDER_ALERT, "CHECK_IN", "{}", null)));
        assertTrue(checkIn.resolution().contains("checked in"));
    }

    @Test
    void anOverdueRuleStartsWithTheFirstMessageAndRestartsWithTheEventItWaitsFor() {
        Rule overdue = rule("BROADCAST_UNIT_SELF_TEST_OVERDUE");
        assertInstanceOf(Step.Hold.class, overdue.on(reading(TelemetryTable.BROADCAST_UNIT, Map.of("volumePct", 40f))));
        assertInstanceOf(Step.Restart.class,
                overdue.on(event(DeviceClass.BROADCAST_UNIT, "SELF_TEST", "{\"passed\":false}", null)));
        assertEquals(Step.NONE, overdue.on(new Seen.Link("b-1", LinkState.OFFLINE, NOW)));
        assertTrue(overdue.due(Condition.since(NOW, "x"), NOW.plus(Duration.ofDays(8))));
        assertFalse(overdue.due(Condition.since(NOW, "x"), NOW.plus(Duration.ofDays(8)).minusSeconds(1)));
    }

    static Rule rule(String id) {
        return DEFAULTS.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    static Seen.Reading reading(TelemetryTable table, Map<String, Object> values) {
        List<Object> ordered = new ArrayList<>();
        for (Field field : table.fields()) {
            ordered.add(values.get(field.name()));
        }
        return new Seen.Reading(new Reading("device-1", table, NOW, 1, ordered, null), NOW, Duration.ZERO);
    }

    static Seen.Event event(DeviceClass deviceClass, String type, String body, String defect) {
        try {
            return new Seen.Event(new DeviceEvent("device-1", deviceClass, NOW, 1, type, body, defect),
                    new ObjectMapper().readTree(body), NOW);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The defaults of {@link AlertsConfig}. */
    static final class TestConfig implements AlertsConfig {
        public ZoneId zone() {
            return ZoneId.of("Asia/Shanghai");
        }

        public LocalTime serviceHoursFrom() {
            return LocalTime.of(8, 0);
        }

        public LocalTime serviceHoursTo() {
            return LocalTime.of(20, 0);
        }

        public LocalTime dayFrom() {
            return LocalTime.of(7, 0);
        }

        public LocalTime dayTo() {
            return LocalTime.of(21, 0);
        }

        public Duration evaluateInterval() {
            return Duration.ofSeconds(5);
        }

        public Duration reopenWithin() {
            return Duration.ofMinutes(30);
        }

        public Duration escalateAfter() {
            return Duration.ofMinutes(5);
        }

        public int backlog() {
            return 100_000;
        }
    }
}
