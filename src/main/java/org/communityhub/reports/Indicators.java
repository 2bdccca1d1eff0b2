package org.communityhub.reports;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.communityhub.alerts.AlertsConfig;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceClass;

/**
 * The plan's indicators for the areas of one level of a subtree, over a period: kiosk coverage of
 * communities, kiosks open at least 8 hours every day, broadcast units ready, elder-alert devices
 * alive and worn, and the monthly home-visit rate. Computed in the database
 * ({@link IndicatorQueries}), one transaction.
 */
@ApplicationScoped
public class Indicators {

    /** Shortfall entries listed per indicator and area; the count says how many in all. */
    static final int SHORTFALL_LISTED = 200;

    private static final long EIGHT_HOURS_US = 8L * 3_600_000_000L;

    /** What the plan counts, with its title in the plan's words. */
    enum Kind {
        KIOSK_COVERAGE("自助服务一体机社区覆盖率"),
        KIOSK_OPEN_8_HOURS_DAILY("社区服务设施每天开放8小时以上"),
        BROADCAST_READY("公共应急广播就绪率"),
        ELDER_DEVICES_ALIVE_AND_WORN("独居老人报警设备在线佩戴率"),
        MONTHLY_VISITS("特殊困难老年人月探访率");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private final Uptime uptime;
    private final ReportsConfig config;
    private final ZoneId zone;

    Indicators(Uptime uptime, ReportsConfig config, AlertsConfig alerts) {
        this.uptime = uptime;
        this.config = config;
        this.zone = alerts.zone();
    }

    /** What one area of the level has counted so far, per indicator. */
    private static final class Tally {
        /** Per indicator: how many meet it, of how many. */
        final Map<Kind, long[]> counts = new LinkedHashMap<>();
        final Map<Kind, List<IndicatorReport.Shortfall>> shortfall = new LinkedHashMap<>();

        Tally() {
            for (Kind kind : Kind.values()) {
                counts.put(kind, new long[2]);
                shortfall.put(kind, new ArrayList<>());
            }
        }

        void count(Kind kind, boolean meets, IndicatorReport.Shortfall why) {
            long[] c = counts.get(kind);
            c[1]++;
            if (meets) {
                c[0]++;
            } else {
                List<IndicatorReport.Shortfall> list = shortfall.get(kind);
                if (list.size() < SHORTFALL_LISTED) {
                    list.add(why);
                }
            }
        }
    }

    public IndicatorReport report(AreaCode area, String areaName, Instant from, Instant to, GroupBy level)
            throws SQLException {
        String prefix = area == null ? "" : area.subtreePrefix();
        Map<String, Tally> tallies = new TreeMap<>();
        long months = months(from, to);
        long[] wholeDays = {0};
        Map<String, String> names = new TreeMap<>();
        uptime.inReport(connection -> {
            wholeDays[0] = kiosks(connection, new Uptime.Request(area, DeviceClass.KIOSK, from, to, GroupBy.COMMUNITY,
                    false, false), level, tallies);
            broadcastUnits(connection, prefix, to, level, tallies);
            elderDevices(connection, prefix, from, to, months, level, tallies);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT code, name FROM areas WHERE code = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("text", tallies.keySet().toArray()));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        names.put(row.getString(1), row.getString(2));
                    }
                }
            }
            return null;
        });
        List<IndicatorReport.Row> rows = new ArrayList<>();
        tallies.forEach((code, tally) -> {
            List<IndicatorReport.Indicator> indicators = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                long[] c = tally.counts.get(kind);
                long meeting = c[0];
                long of = c[1];
                boolean undecided = kind == Kind.KIOSK_OPEN_8_HOURS_DAILY && wholeDays[0] == 0;
                Double percent = undecided ? null : Seconds.percent(meeting, of);
                indicators.add(new IndicatorReport.Indicator(kind.name(), kind.title, meeting, of, percent, 100.0,
                        percent == null ? null : meeting == of, of - meeting, tally.shortfall.get(kind)));
            }
            rows.add(new IndicatorReport.Row(code, names.get(code), indicators));
        });
        return new IndicatorReport(area == null ? null : area.value(), areaName, from, to, level, rows, rows.size(),
                0, rows.size());
    }

    /** Counts the kiosk indicators per community; returns the number of whole days in the period. */
    private long kiosks(Connection connection, Uptime.Request request, GroupBy level, Map<String, Tally> tallies)
            throws SQLException {
        long wholeDays = 0;
        try (PreparedStatement statement = connection.prepareStatement(IndicatorQueries.KIOSKS)) {
            int p = uptime.bindDevices(statement, request);
            statement.setLong(p++, EIGHT_HOURS_US);
            statement.setString(p, request.area() == null ? "" : request.area().subtreePrefix());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String code = row.getString("code");
                    String name = row.getString("name");
                    wholeDays = row.getLong("whole_days");
                    Tally tally = tally(tallies, code, level);
                    long devices = row.getLong("devices");
                    double best = row.getDouble("best");
                    boolean observed = !row.wasNull();
                    String coverage = devices == 0 ? "NO_KIOSK" : !observed ? "NOT_OBSERVED"
                            : best < config.slaTarget() ? "BELOW_TARGET: best kiosk in service " + round(best) + " %"
                            : null;
                    tally.count(Kind.KIOSK_COVERAGE, coverage == null,
                            new IndicatorReport.Shortfall(code, name, null, coverage));
                    long open = row.getLong("days_open");
                    tally.count(Kind.KIOSK_OPEN_8_HOURS_DAILY, wholeDays > 0 && open == wholeDays,
                            new IndicatorReport.Shortfall(code, name, null, devices == 0 ? "NO_KIOSK"
                                    : "IN_SERVICE_8_HOURS_ON " + open + " OF " + wholeDays + " DAYS"));
                }
            }
        }
        return wholeDays;
    }

    private void broadcastUnits(Connection connection, String prefix, Instant at, GroupBy level,
            Map<String, Tally> tallies) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(IndicatorQueries.BROADCAST_UNITS)) {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, prefix);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    List<String> why = new ArrayList<>();
                    if (!"ONLINE".equals(row.getString("link"))) {
                        why.add("NOT_REACHABLE");
                    }
                    String amplifier = row.getString("amplifier");
                    if (!"OK".equals(amplifier)) {
                        why.add(amplifier == null ? "AMPLIFIER_UNKNOWN" : "AMPLIFIER_" + amplifier);
                    }
                    if (row.getTimestamp("passed_at") == null) {
                        why.add("NO_PASSED_SELF_TEST_IN_7_DAYS");
                    }
                    device(tallies, level, Kind.BROADCAST_READY, row, why);
                }
            }
        }
    }

    private void elderDevices(Connection connection, String prefix, Instant from, Instant to, long months,
            GroupBy level, Map<String, Tally> tallies) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(IndicatorQueries.ELDER_DEVICES)) {
            statement.setTimestamp(1, Timestamp.from(from));
            statement.setTimestamp(2, Timestamp.from(to));
            statement.setString(3, zone.getId());
            statement.setString(4, prefix);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    List<String> alive = new ArrayList<>();
                    if (!"ONLINE".equals(row.getString("link"))) {
                        alive.add("NOT_REACHABLE");
                    }
                    boolean worn = row.getBoolean("worn");
                    if (row.wasNull()) {
                        alive.add("WORN_UNKNOWN");
                    } else if (!worn) {
                        alive.add("NOT_WORN");
                    }
                    device(tallies, level, Kind.ELDER_DEVICES_ALIVE_AND_WORN, row, alive);
                    long visited = row.getLong("months");
                    Timestamp last = row.getTimestamp("last_visit");
                    device(tallies, level, Kind.MONTHLY_VISITS, row, visited >= months ? List.of()
                            : List.of("VISITED_IN " + visited + " OF " + months + " MONTHS; LAST "
                                    + (last == null ? "NEVER" : last.toInstant().toString())));
                }
            }
        }
    }

    private static void device(Map<String, Tally> tallies, GroupBy level, Kind kind, ResultSet row, List<String> why)
            throws SQLException {
        String area = row.getString("area_code");
        tally(tallies, area, level).count(kind, why.isEmpty(), new IndicatorReport.Shortfall(area, row.getString("name"),
                row.getString("id"), String.join(", ", why)));
    }

    private static Tally tally(Map<String, Tally> tallies, String areaCode, GroupBy level) {
        String key = areaCode.substring(0, level.digits()) + "0".repeat(12 - level.digits());
        return tallies.computeIfAbsent(key, k -> new Tally());
    }

    /** Local calendar months the period touches. */
    private long months(Instant from, Instant to) {
        LocalDate first = from.atZone(zone).toLocalDate().withDayOfMonth(1);
        LocalDate last = to.minusNanos(1_000).atZone(zone).toLocalDate().withDayOfMonth(1);
        return ChronoUnit.MONTHS.between(first, last) + 1;
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
