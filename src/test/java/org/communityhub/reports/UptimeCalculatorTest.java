package org.communityhub.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.communityhub.alerts.Hours;
import org.communityhub.connectivity.LinkState;
import org.communityhub.reports.UptimeCalculator.History;
import org.communityhub.reports.UptimeCalculator.Transition;
import org.junit.jupiter.api.Test;

/** The accounting of one device, case by case; every case also checks that the parts add up to the period. */
class UptimeCalculatorTest {

    /** Midnight in Shanghai, 2026-11-30. */
    static final Instant DAY = Instant.parse("2026-11-29T16:00:00Z");
    static final Interval PERIOD = new Interval(DAY, DAY.plus(Duration.ofHours(24)));
    static final Hours SERVICE = new Hours(LocalTime.of(8, 0), LocalTime.of(20, 0), ZoneId.of("Asia/Shanghai"));

    @Test
    void intervalsStraddlingBothEdgesAreCutExactlyAtThem() {
        // online since the day before, offline 10:00-14:00, online again until the day after
        Accounting a = account(history(LinkState.ONLINE, t(10, LinkState.OFFLINE), t(14, LinkState.ONLINE)));
        assertEquals(Duration.ofHours(20), a.online());
        assertEquals(Duration.ofHours(4), a.offline());
        assertEquals(100.0 * 20 / 24, a.uptimePercent(), 1e-9);
    }

    @Test
    void transitionsBeforeThePeriodDecideTheStateAtItsStart() {
        History device = new History(null, null, LinkState.UNKNOWN, List.of(
                new Transition(DAY.minus(Duration.ofDays(3)), LinkState.ONLINE),
                new Transition(DAY.minus(Duration.ofDays(1)), LinkState.OFFLINE),
                new Transition(DAY.plus(Duration.ofHours(6)), LinkState.ONLINE)));
        Accounting a = account(device);
        assertEquals(Duration.ofHours(6), a.offline());
        assertEquals(Duration.ofHours(18), a.online());
    }

    @Test
    void aDeviceNeverHeardOfIsUnknownNotDown() {
        Accounting a = account(new History(null, null, null, List.of()));
        assertEquals(Duration.ofHours(24), a.unknown());
        assertNull(a.uptimePercent(), "nothing observed: no uptime, not 0 %");
    }

    @Test
    void unknownGapsAreNeitherUpNorDown() {
        Accounting a = account(history(LinkState.ONLINE, t(9, LinkState.UNKNOWN), t(11, LinkState.ONLINE)));
        assertEquals(Duration.ofHours(2), a.unknown());
        assertEquals(Duration.ofHours(22), a.online());
        assertEquals(100.0, a.uptimePercent(), 1e-9);
    }

    @Test
    void whileTheHubWasDownAnOfflineDeviceIsUnknown() {
        Accounting a = UptimeCalculator.account(PERIOD, history(LinkState.ONLINE, t(10, LinkState.OFFLINE)), List.of(),
                List.of(new Interval(at(12), at(15))), Hours.ALL_DAY);
        assertEquals(Duration.ofHours(10), a.online());
        assertEquals(Duration.ofHours(3), a.unknown(), "the hub's outage is never the device's");
        assertEquals(Duration.ofHours(11), a.offline());
        assertTotal(a, 1);
    }

    @Test
    void maintenanceOverlappingOfflineTakesThatTimeOutOfUptime() {
        Accounting a = UptimeCalculator.account(PERIOD, history(LinkState.ONLINE, t(10, LinkState.OFFLINE),
                t(16, LinkState.ONLINE)), List.of(new Interval(at(9), at(12))), List.of(), Hours.ALL_DAY);
        assertEquals(Duration.ofHours(3), a.maintenance());
        assertEquals(Duration.ofHours(4), a.offline(), "12:00-16:00");
        assertEquals(Duration.ofHours(17), a.online());
        assertTotal(a, 1);
    }

    @Test
    void maintenanceWinsOverTheHubsDeafness() {
        Accounting a = UptimeCalculator.account(PERIOD, history(LinkState.ONLINE), List.of(new Interval(at(10), at(12))),
                List.of(new Interval(at(11), at(13))), Hours.ALL_DAY);
        assertEquals(Duration.ofHours(2), a.maintenance());
        assertEquals(Duration.ofHours(1), a.unknown());
        assertTotal(a, 1);
    }

    @Test
    void installationAndDecommissioningInsideThePeriodLeaveTheRestOut() {
        History device = new History(at(6), at(18), LinkState.UNKNOWN, List.of(new Transition(at(7), LinkState.ONLINE)));
        Accounting a = account(device);
        assertEquals(Duration.ofHours(12), a.excluded(), "before 06:00 and from 18:00");
        assertEquals(Duration.ofHours(1), a.unknown(), "installed, not yet heard of");
        assertEquals(Duration.ofHours(11), a.online());
        assertTotal(a, 1);
    }

    @Test
    void serviceHoursCountOnlyTheirTimeAcrossSeveralDays() {
        Interval threeDays = new Interval(DAY, DAY.plus(Duration.ofDays(3)));
        // offline from 19:00 on the first day to 09:00 on the second: one hour each side of the night
        Accounting a = UptimeCalculator.account(threeDays, history(LinkState.ONLINE, t(19, LinkState.OFFLINE),
                t(24 + 9, LinkState.ONLINE)), List.of(), List.of(), SERVICE);
        assertEquals(Duration.ofHours(2), a.offline());
        assertEquals(Duration.ofHours(3 * 12 - 2), a.online());
        assertEquals(Duration.ofHours(3 * 12), a.excluded(), "the nights");
        assertTotal(a, 3);
    }

    @Test
    void anEmptyPeriodCountsNothing() {
        Accounting a = UptimeCalculator.account(new Interval(at(5), at(5)), history(LinkState.ONLINE), List.of(),
                List.of(), Hours.ALL_DAY);
        assertEquals(Accounting.NONE, a);
        assertNull(a.uptimePercent());
    }

    @Test
    void zeroLengthIntervalsAndRepeatedTransitionsCountNothingThemselves() {
        Accounting a = UptimeCalculator.account(PERIOD, history(LinkState.ONLINE, t(10, LinkState.OFFLINE),
                t(10, LinkState.ONLINE), t(10, LinkState.OFFLINE), t(12, LinkState.ONLINE)),
                List.of(new Interval(at(14), at(14))), List.of(new Interval(at(15), at(15))), Hours.ALL_DAY);
        assertEquals(Duration.ofHours(2), a.offline(), "the last transition at 10:00 stands");
        assertEquals(Duration.ofHours(22), a.online());
        assertEquals(Duration.ZERO, a.maintenance());
        assertEquals(Duration.ZERO, a.unknown());
        assertTotal(a, 1);
    }

    @Test
    void editsOutsideThePeriodChangeNothingInside() {
        Accounting a = UptimeCalculator.account(PERIOD, history(LinkState.OFFLINE, t(30, LinkState.ONLINE)),
                List.of(new Interval(at(-5), at(-1))), List.of(new Interval(at(25), at(26))), Hours.ALL_DAY);
        assertEquals(Duration.ofHours(24), a.offline());
        assertEquals(0.0, a.uptimePercent());
        assertTotal(a, 1);
    }

    @Test
    void cutsAreExactToTheMicrosecond() {
        Instant edge = at(12).plusNanos(1_000);
        Accounting a = account(new History(null, null, LinkState.ONLINE, List.of(new Transition(edge, LinkState.OFFLINE))));
        assertEquals(Duration.ofHours(12).plusNanos(1_000), a.online());
        assertEquals(Duration.ofHours(12).minusNanos(1_000), a.offline());
    }

    private static Accounting account(History device) {
        Accounting a = UptimeCalculator.account(PERIOD, device, List.of(), List.of(), Hours.ALL_DAY);
        assertTotal(a, 1);
        return a;
    }

    private static void assertTotal(Accounting a, int days) {
        assertEquals(Duration.ofDays(days), a.total(), "the parts add up to the period: " + a);
    }

    private static History history(LinkState initial, Transition... transitions) {
        return new History(null, null, initial, List.of(transitions));
    }

    private static Transition t(int hour, LinkState to) {
        return new Transition(at(hour), to);
    }

    /** {@code hour} o'clock (Shanghai) of the period's day; beyond 24 the next day, below 0 the day before. */
    private static Instant at(int hour) {
        return DAY.plus(Duration.ofHours(hour));
    }
}
