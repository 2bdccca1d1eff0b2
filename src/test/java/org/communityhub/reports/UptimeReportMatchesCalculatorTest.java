package org.communityhub.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.communityhub.alerts.AlertsConfig;
import org.communityhub.alerts.Hours;
import org.communityhub.areas.AreaCode;
import org.communityhub.connectivity.LinkState;
import org.communityhub.devices.DeviceClass;
import org.communityhub.reports.UptimeCalculator.History;
import org.communityhub.reports.UptimeCalculator.Transition;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * The report's SQL against the pure calculator: random histories of kiosks (connectivity and service
 * transitions, maintenance windows on the area and on devices, weekly ones too, installation and
 * decommissioning inside the period) stored in the real database, reported per device for periods
 * with odd edges, with and without service hours, computed afresh and then from stored days: every
 * part equals the calculator's to the microsecond, and every row's parts add up to the period.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class UptimeReportMatchesCalculatorTest {

    private static final LinkState[] STATES = LinkState.values();

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Uptime uptime;
    @Inject
    UptimeDays days;
    @Inject
    AlertsConfig alerts;

    record Device(String id, String area, Instant installed, Instant decommissioned,
            List<Transition> links, List<Transition> serving) {
    }

    @Test
    void everyPartEqualsTheCalculatorsAfreshAndFromStoredDays() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TestAreas.Branch branch = TestAreas.create(3);
        Instant origin = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20));
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            devices.add(randomDevice(random, branch.communities().get(i % 3), origin));
        }
        List<MaintenanceWindow> windows = List.of(
                new MaintenanceWindow(branch.communities().get(0), null, origin.plus(Duration.ofHours(50)),
                        origin.plus(Duration.ofHours(53)), true, origin.plus(Duration.ofDays(16))),
                new MaintenanceWindow(null, devices.get(1).id(), origin.plus(Duration.ofHours(100)),
                        origin.plus(Duration.ofHours(130)), false, null),
                new MaintenanceWindow(branch.street(), null, origin.plus(Duration.ofMinutes(7 * 24 * 60 + 17)),
                        origin.plus(Duration.ofMinutes(7 * 24 * 60 + 500)), false, null));
        store(dataSource, devices, windows);

        Hours service = new Hours(alerts.serviceHoursFrom(), alerts.serviceHoursTo(), alerts.zone());
        List<Interval> periods = List.of(
                new Interval(origin.plus(Duration.ofMinutes(1234)).plusNanos(7_000), origin.plus(Duration.ofDays(9))),
                new Interval(origin.minus(Duration.ofDays(1)), origin.plus(Duration.ofDays(15)).plusSeconds(1)),
                new Interval(origin.plus(Duration.ofHours(30)), origin.plus(Duration.ofHours(30))
                        .plusNanos(1_000)));
        for (boolean stored : List.of(false, true)) {
            if (stored) {
                rollEverything(devices);
            }
            for (Interval period : periods) {
                for (boolean serviceHours : List.of(false, true)) {
                    String context = "seed " + seed + ", period " + period + ", service hours " + serviceHours
                            + ", stored days " + stored;
                    UptimeReport report = uptime.report(new Uptime.Request(AreaCode.of(branch.street()),
                            DeviceClass.KIOSK, period.start(), period.end(), GroupBy.DEVICE, serviceHours, true),
                            "street");
                    assertEquals(devices.size(), report.items().size(), context);
                    for (UptimeReport.Row row : report.items()) {
                        Device device = devices.stream().filter(d -> d.id().equals(row.deviceId())).findFirst()
                                .orElseThrow();
                        Hours hours = serviceHours ? service : Hours.ALL_DAY;
                        List<Interval> maintenance = maintenanceOf(device, windows);
                        Accounting expected = UptimeCalculator.account(period, new History(device.installed(),
                                device.decommissioned(), LinkState.UNKNOWN, device.links()), maintenance, List.of(),
                                hours);
                        Accounting serving = UptimeCalculator.account(period, new History(device.installed(),
                                device.decommissioned(), LinkState.UNKNOWN, servingHistory(device)), maintenance,
                                List.of(), hours);
                        String where = context + ", device " + device.id();
                        assertEquals(micros(expected.online()), row.onlineSeconds(), where + ": online");
                        assertEquals(micros(expected.offline()), row.offlineSeconds(), where + ": offline");
                        assertEquals(micros(expected.unknown()), row.unknownSeconds(), where + ": unknown");
                        assertEquals(micros(expected.maintenance()), row.maintenanceSeconds(), where + ": maintenance");
                        assertEquals(micros(expected.excluded()), row.excludedSeconds(), where + ": excluded");
                        assertEquals(micros(serving.online()), row.inServiceSeconds(), where + ": in service");
                        assertPartsAddUp(report, row, where);
                    }
                }
            }
        }
    }

    @Test
    void everyRowOfEveryGroupingAddsUpToThePeriodTimesItsDevices() throws Exception {
        Random random = new Random();
        TestAreas.Branch branch = TestAreas.create(4);
        Instant origin = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5));
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            devices.add(randomDevice(random, branch.communities().get(i % 4), origin));
        }
        store(dataSource, devices, List.of(new MaintenanceWindow(branch.county(), null, origin.plus(Duration.ofHours(3)),
                origin.plus(Duration.ofHours(5)), true, null)));
        Interval period = new Interval(origin.plusSeconds(4321), Instant.now());
        for (GroupBy groupBy : GroupBy.values()) {
            for (boolean serviceHours : List.of(false, true)) {
                UptimeReport report = uptime.report(new Uptime.Request(AreaCode.of(branch.city()), DeviceClass.KIOSK,
                        period.start(), period.end(), groupBy, serviceHours, true), "city");
                long devicesInRows = 0;
                for (UptimeReport.Row row : report.items()) {
                    assertPartsAddUp(report, row, groupBy + " " + row.areaCode() + " " + row.deviceId());
                    devicesInRows += row.devices();
                    BigDecimal daysOnline = row.days().stream().map(UptimeReport.Day::onlineSeconds)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertEquals(row.onlineSeconds(), daysOnline, "the daily series adds up to the row");
                }
                assertEquals(devices.size(), devicesInRows, groupBy.toString());
                assertPartsAddUp(report, report.overall(), groupBy + " overall");
            }
        }
    }

    static void assertPartsAddUp(UptimeReport report, UptimeReport.Row row, String where) {
        BigDecimal sum = row.onlineSeconds().add(row.offlineSeconds()).add(row.unknownSeconds())
                .add(row.maintenanceSeconds()).add(row.excludedSeconds());
        assertEquals(report.periodSeconds().multiply(BigDecimal.valueOf(row.devices())), sum,
                where + ": online + offline + unknown + maintenance + excluded = period × devices");
        assertTrue(row.inServiceSeconds().compareTo(row.onlineSeconds()) <= 0, where + ": in service within online");
    }

    static BigDecimal micros(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos() / 1_000, 6);
    }

    static Device randomDevice(Random random, String area, Instant origin) {
        String id = "kiosk-sql-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        Instant installed = random.nextInt(3) == 0 ? origin.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60))) : null;
        Instant decommissioned = random.nextInt(4) == 0
                ? origin.plus(Duration.ofMinutes(5 * 24 * 60 + random.nextInt(5 * 24 * 60))) : null;
        return new Device(id, area, installed, decommissioned, transitions(random, origin, true),
                transitions(random, origin, false));
    }

    /** Strictly increasing transitions over 16 days from a day before {@code origin}, at odd microseconds. */
    private static List<Transition> transitions(Random random, Instant origin, boolean links) {
        List<Transition> list = new ArrayList<>();
        Instant at = origin.minus(Duration.ofDays(1)).plusNanos(1_000L * random.nextInt(3_600_000));
        Instant end = origin.plus(Duration.ofDays(15));
        while (at.isBefore(end)) {
            LinkState state = links ? STATES[random.nextInt(STATES.length)]
                    : random.nextBoolean() ? LinkState.ONLINE : LinkState.OFFLINE;
            list.add(new Transition(at, state));
            at = at.plusNanos(1_000L * (1 + (long) (random.nextDouble() * random.nextDouble() * 40_000_000_000L)));
        }
        return list;
    }

    /** ONLINE while both online and in service, so that the calculator's online time is the in-service time. */
    static List<Transition> servingHistory(Device device) {
        TreeMap<Instant, int[]> cuts = new TreeMap<>();
        device.links().forEach(t -> cuts.computeIfAbsent(t.at(), k -> new int[] {-1, -1})[0] = t.to().ordinal());
        device.serving().forEach(t -> cuts.computeIfAbsent(t.at(), k -> new int[] {-1, -1})[1]
                = t.to() == LinkState.ONLINE ? 1 : 0);
        List<Transition> derived = new ArrayList<>();
        int link = LinkState.UNKNOWN.ordinal();
        int serving = 0;
        for (Map.Entry<Instant, int[]> cut : cuts.entrySet()) {
            link = cut.getValue()[0] >= 0 ? cut.getValue()[0] : link;
            serving = cut.getValue()[1] >= 0 ? cut.getValue()[1] : serving;
            derived.add(new Transition(cut.getKey(),
                    link == LinkState.ONLINE.ordinal() && serving == 1 ? LinkState.ONLINE : LinkState.OFFLINE));
        }
        return derived;
    }

    record MaintenanceWindow(String area, String device, Instant starts, Instant ends, boolean weekly,
            Instant repeatUntil) {
    }

    static List<Interval> maintenanceOf(Device device, List<MaintenanceWindow> windows) {
        List<Interval> intervals = new ArrayList<>();
        for (MaintenanceWindow w : windows) {
            boolean covers = device.id().equals(w.device())
                    || w.area() != null && AreaCode.of(w.area()).contains(AreaCode.of(device.area()));
            if (!covers) {
                continue;
            }
            for (int k = 0; k < (w.weekly() ? 60 : 1); k++) {
                Instant start = w.starts().plus(Duration.ofDays(7L * k));
                Instant end = w.ends().plus(Duration.ofDays(7L * k));
                if (w.repeatUntil() != null && end.isAfter(w.repeatUntil())) {
                    end = w.repeatUntil();
                }
                if (end.isAfter(start)) {
                    intervals.add(new Interval(start, end));
                }
            }
        }
        return intervals;
    }

    static void store(AgroalDataSource dataSource, List<Device> devices, List<MaintenanceWindow> windows)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (Device device : devices) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO devices (id, device_class, area_code, name, installed_at, decommissioned_at, state)
                        VALUES (?, 'KIOSK', ?, ?, ?, ?, ?)
                        """)) {
                    statement.setString(1, device.id());
                    statement.setString(2, device.area());
                    statement.setString(3, "一体机 " + device.id());
                    statement.setTimestamp(4, device.installed() == null ? null : Timestamp.from(device.installed()));
                    statement.setTimestamp(5, device.decommissioned() == null ? null
                            : Timestamp.from(device.decommissioned()));
                    statement.setString(6, device.decommissioned() == null ? "ACTIVE" : "DECOMMISSIONED");
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason) VALUES (?, ?, 'UNKNOWN', ?, 'MESSAGE')
                        """)) {
                    for (Transition t : device.links()) {
                        statement.setString(1, device.id());
                        statement.setTimestamp(2, Timestamp.from(t.at()));
                        statement.setString(3, t.to().name());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO service_changes (device_id, ts, in_service, reason) VALUES (?, ?, ?, 'TEST')
                        """)) {
                    for (Transition t : device.serving()) {
                        statement.setString(1, device.id());
                        statement.setTimestamp(2, Timestamp.from(t.at()));
                        statement.setBoolean(3, t.to() == LinkState.ONLINE);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
            for (MaintenanceWindow w : windows) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO maintenance_windows (area_code, device_id, starts_at, ends_at, weekly, repeat_until, reason, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, 'test', 'test')
                        """)) {
                    statement.setString(1, w.area());
                    statement.setString(2, w.device());
                    statement.setTimestamp(3, Timestamp.from(w.starts()));
                    statement.setTimestamp(4, Timestamp.from(w.ends()));
                    statement.setBoolean(5, w.weekly());
                    statement.setTimestamp(6, w.repeatUntil() == null ? null : Timestamp.from(w.repeatUntil()));
                    statement.executeUpdate();
                }
            }
            connection.commit();
        }
    }

    /** Stores every ended day of these devices, from well before their history. */
    private void rollEverything(List<Device> devices) throws SQLException {
        days.roll(Instant.now());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE uptime_rolled SET since = current_date - 40, until = current_date - 41 WHERE device_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", devices.stream().map(Device::id).toArray()));
            assertEquals(devices.size(), statement.executeUpdate(), "every device has a roll position");
        }
        assertTrue(days.roll(Instant.now()) >= devices.size() * 20L, "the days were stored");
    }
}
