package org.communityhub.alerts;

import static org.communityhub.devices.DeviceClass.BROADCAST_UNIT;
import static org.communityhub.devices.DeviceClass.ELDER_ALERT;
import static org.communityhub.devices.DeviceClass.KIOSK;
import static org.communityhub.devices.DeviceClass.PARCEL_LOCKER;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.communityhub.devices.DeviceClass;

/** Every default rule of every device class, in one place (docs/alerts.md has the same table). */
public final class Rules {

    private Rules() {
    }

    public static List<Rule> defaults(AlertsConfig config) {
        Hours service = new Hours(config.serviceHoursFrom(), config.serviceHoursTo(), config.zone());
        Hours day = new Hours(config.dayFrom(), config.dayTo(), config.zone());
        Hours always = Hours.ALL_DAY;
        return List.of(
                new OfflineRule(KIOSK, Tuning.after(Severity.MAJOR, Duration.ofMinutes(10), service)),
                value(KIOSK, "PRINTER_FAULT", Tuning.atOnce(Severity.MAJOR),
                        new ValueRule.OneOf("printer", Set.of("PAPER_OUT", "JAM", "FAULT"))),
                value(KIOSK, "PAPER_LOW", Tuning.atOnce(Severity.WARNING),
                        new ValueRule.OneOf("printer", Set.of("PAPER_LOW"))),
                value(KIOSK, "CARD_READER_FAULT", Tuning.atOnce(Severity.MAJOR),
                        new ValueRule.OneOf("cardReader", Set.of("FAULT"))),
                value(KIOSK, "SCREEN_FAULT", Tuning.atOnce(Severity.MAJOR),
                        new ValueRule.OneOf("screen", Set.of("FAULT"))),
                value(KIOSK, "OUT_OF_SERVICE", Tuning.after(Severity.MAJOR, Duration.ofMinutes(30), service),
                        new ValueRule.OneOf("serviceState", Set.of("OUT_OF_SERVICE"))),
                value(KIOSK, "CPU_HOT", Tuning.after(Severity.MINOR, Duration.ofMinutes(5), always).threshold(80),
                        new ValueRule.Beyond("cpuTempC", true)),

                EventRule.on(PARCEL_LOCKER, "DOOR_FORCED", Severity.CRITICAL),
                EventRule.on(PARCEL_LOCKER, "TAMPER", Severity.CRITICAL),
                EventRule.on(PARCEL_LOCKER, "DOOR_LEFT_OPEN", Severity.MINOR),
                value(PARCEL_LOCKER, "ON_BATTERY", Tuning.atOnce(Severity.MINOR),
                        new ValueRule.OneOf("power", Set.of("BATTERY"))),
                value(PARCEL_LOCKER, "BATTERY_LOW", Tuning.atOnce(Severity.MAJOR).threshold(20),
                        new ValueRule.Beyond("batteryPct", false)),
                new OfflineRule(PARCEL_LOCKER, Tuning.after(Severity.MAJOR, Duration.ofMinutes(30), always)),
                value(PARCEL_LOCKER, "FULL", Tuning.after(Severity.WARNING, Duration.ofHours(2), always).threshold(95),
                        new ValueRule.ShareAtLeast("compartmentsOccupied", "compartmentsTotal")),

                value(BROADCAST_UNIT, "AMPLIFIER_FAULT", Tuning.atOnce(Severity.CRITICAL),
                        new ValueRule.OneOf("amplifier", Set.of("FAULT"))),
                new EventRule(BROADCAST_UNIT, "SELF_TEST_FAILED", Tuning.atOnce(Severity.CRITICAL),
                        new EventRule.Match("SELF_TEST", false), new EventRule.Match("SELF_TEST", true)),
                new OverdueRule(BROADCAST_UNIT, "SELF_TEST_OVERDUE",
                        Tuning.after(Severity.MAJOR, Duration.ofDays(8), always), "SELF_TEST"),
                // an emergency can come at any hour
                new OfflineRule(BROADCAST_UNIT, Tuning.after(Severity.CRITICAL, Duration.ofMinutes(15), always)),
                value(BROADCAST_UNIT, "ON_BATTERY", Tuning.atOnce(Severity.MAJOR),
                        new ValueRule.OneOf("power", Set.of("BATTERY"))),
                // people were not warned; the check's wait is hub.commands.confirm-within
                new NotConfirmedRule(Tuning.atOnce(Severity.CRITICAL)),

                EventRule.on(ELDER_ALERT, "SOS", Severity.CRITICAL),
                EventRule.on(ELDER_ALERT, "FALL", Severity.CRITICAL),
                new NoMotionRule(Tuning.after(Severity.MAJOR, Duration.ofHours(4), day).atNight(Duration.ofHours(12))),
                value(ELDER_ALERT, "NOT_WORN", Tuning.after(Severity.MINOR, Duration.ofHours(2), day),
                        new ValueRule.Is("worn", false)),
                new OfflineRule(ELDER_ALERT, Tuning.after(Severity.MAJOR, Duration.ofMinutes(30), always)),
                new ValueRule(ELDER_ALERT, "LOW_BATTERY", Tuning.atOnce(Severity.MINOR).threshold(15),
                        new ValueRule.Beyond("batteryPct", false), "LOW_BATTERY"));
    }

    private static ValueRule value(DeviceClass deviceClass, String type, Tuning tuning, ValueRule.Check check) {
        return ValueRule.of(deviceClass, type, tuning, check);
    }
}
