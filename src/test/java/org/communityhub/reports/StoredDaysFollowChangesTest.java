package org.communityhub.reports;

import static org.communityhub.reports.UptimeReportMatchesCalculatorTest.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.communityhub.alerts.AlertsConfig;
import org.communityhub.alerts.Hours;
import org.communityhub.areas.AreaCode;
import org.communityhub.connectivity.LinkState;
import org.communityhub.devices.DeviceClass;
import org.communityhub.reports.UptimeCalculator.History;
import org.communityhub.reports.UptimeCalculator.Transition;
import org.communityhub.reports.UptimeReportMatchesCalculatorTest.Device;
import org.communityhub.reports.UptimeReportMatchesCalculatorTest.MaintenanceWindow;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * Stored days are never stale: a transition dated in a stored day (a silence judged after midnight,
 * the hub's downtime recorded at its start) and a maintenance window created afterwards both move
 * the device's stored days back, and the report stays equal to the calculator.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class StoredDaysFollowChangesTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Uptime uptime;
    @Inject
    UptimeDays days;
    @Inject
    AlertsConfig alerts;

    @Test
    void aLateTransitionAndANewMaintenanceWindowAreCountedAfterTheDaysWereStored() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        Instant origin = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12));
        Random random = new Random();
        Device device = UptimeReportMatchesCalculatorTest.randomDevice(random, branch.community(), origin);
        device = new Device(device.id(), device.area(), null, null, device.links(), device.serving());
        UptimeReportMatchesCalculatorTest.store(dataSource, List.of(device), List.of());
        rollFrom(device.id(), origin.minus(Duration.ofDays(3)));
        Interval period = new Interval(origin, origin.plus(Duration.ofDays(10)));
        assertMatches(device, List.of(), period);

        // a late change, in the middle of a stored day, written the way the hub writes one
        Instant late = origin.plus(Duration.ofDays(4)).plusSeconds(4321).plusNanos(123_000);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason)
                    VALUES (?, ?, 'ONLINE', 'UNKNOWN', 'HUB_DOWN') ON CONFLICT DO NOTHING
                    """)) {
                statement.setString(1, device.id());
                statement.setTimestamp(2, Timestamp.from(late));
                assertEquals(1, statement.executeUpdate());
            }
            days.forget(connection, List.of(device.id()), List.of(late));
            connection.commit();
        }
        assertTrue(rolledUntil(device.id()).isBefore(late.atZone(alerts.zone()).toLocalDate()),
                "the day of the late change and those after it are no longer current");
        List<Transition> links = new ArrayList<>(device.links());
        links.add(new Transition(late, LinkState.UNKNOWN));
        links.sort((a, b) -> a.at().compareTo(b.at()));
        device = new Device(device.id(), device.area(), null, null, links, device.serving());
        assertMatches(device, List.of(), period);
        days.roll(Instant.now());
        assertMatches(device, List.of(), period);

        Instant starts = origin.plus(Duration.ofDays(6)).plusSeconds(77);
        Instant ends = starts.plus(Duration.ofHours(30));
        Api.asAdmin().body(Map.of("areaCode", branch.street(), "startsAt", starts.toString(), "endsAt", ends.toString(),
                "reason", "屏幕更换")).post("/api/v1/maintenance-windows").then().statusCode(201);
        List<MaintenanceWindow> windows = List.of(new MaintenanceWindow(branch.street(), null, starts, ends, false, null));
        assertMatches(device, windows, period);
        days.roll(Instant.now());
        assertMatches(device, windows, period);
    }

    private void assertMatches(Device device, List<MaintenanceWindow> windows, Interval period) throws Exception {
        UptimeReport report = uptime.report(new Uptime.Request(AreaCode.of(device.area()), DeviceClass.KIOSK,
                period.start(), period.end(), GroupBy.DEVICE, false, false), "community");
        UptimeReport.Row row = report.items().get(0);
        List<Interval> maintenance = UptimeReportMatchesCalculatorTest.maintenanceOf(device, windows);
        Accounting expected = UptimeCalculator.account(period, new History(null, null, LinkState.UNKNOWN,
                device.links()), maintenance, List.of(), Hours.ALL_DAY);
        assertEquals(micros(expected.online()), row.onlineSeconds(), "online");
        assertEquals(micros(expected.offline()), row.offlineSeconds(), "offline");
        assertEquals(micros(expected.unknown()), row.unknownSeconds(), "unknown");
        assertEquals(micros(expected.maintenance()), row.maintenanceSeconds(), "maintenance");
    }

    private void rollFrom(String deviceId, Instant from) throws Exception {
        days.roll(Instant.now());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE uptime_rolled SET since = ?, until = ? WHERE device_id = ?")) {
            statement.setObject(1, from.atZone(alerts.zone()).toLocalDate());
            statement.setObject(2, from.atZone(alerts.zone()).toLocalDate().minusDays(1));
            statement.setString(3, deviceId);
            assertEquals(1, statement.executeUpdate());
        }
        days.roll(Instant.now());
        assertTrue(!rolledUntil(deviceId).isBefore(LocalDate.now(alerts.zone()).minusDays(2)),
                "stored up to yesterday (the day before, in the first minutes after midnight)");
    }

    private LocalDate rolledUntil(String deviceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT until FROM uptime_rolled WHERE device_id = ?")) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getDate(1).toLocalDate();
            }
        }
    }
}
