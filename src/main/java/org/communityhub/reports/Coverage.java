package org.communityhub.reports;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceClass;

/**
 * Coverage: the share of the communities of a subtree with at least one device of a class in service,
 * at an instant (online, in service for a kiosk, outside maintenance) or over a period (its best
 * device's in-service uptime met the target). The plan's target is 100 % for kiosks.
 */
@ApplicationScoped
public class Coverage {

    /** Coverage of a subtree's communities, with the ones not covered. */
    public record Report(String areaCode, String areaName, DeviceClass deviceClass, Instant at, Instant from,
            Instant to, double targetPercent, long communities, long covered, Double coveragePercent, boolean met,
            List<Community> uncovered) {
    }

    /**
     * A community not covered: its devices of the class, how many were in service (at an instant) or
     * the best in-service uptime among them (over a period), and why.
     */
    public record Community(String code, String name, long devices, Long inService, Double bestInServicePercent,
            String reason) {
    }

    private final Uptime uptime;
    private final ReportsConfig config;

    Coverage(Uptime uptime, ReportsConfig config) {
        this.uptime = uptime;
        this.config = config;
    }

    /** Coverage at {@code at}; null means now, answered from the current states. */
    public Report at(AreaCode area, String areaName, DeviceClass deviceClass, Instant at) throws SQLException {
        String prefix = area == null ? "" : area.subtreePrefix();
        Instant instant = (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MICROS);
        return query(at == null ? UptimeQueries.COVERAGE_NOW : UptimeQueries.COVERAGE_AT, true, statement -> {
            statement.setTimestamp(1, Timestamp.from(instant));
            statement.setString(2, deviceClass.name());
            statement.setString(3, prefix);
            statement.setString(4, prefix);
        }, (devices, ready, best) -> ready > 0 ? null : devices == 0 ? "NO_DEVICE" : "NONE_IN_SERVICE",
                (communities, covered, uncovered) -> report(area, areaName, deviceClass, instant, null, null, communities,
                        covered, uncovered));
    }

    public Report over(Uptime.Request request, String areaName) throws SQLException {
        String prefix = request.area() == null ? "" : request.area().subtreePrefix();
        return query(UptimeQueries.COVERAGE_OVER, false, statement -> {
            int p = uptime.bindDevices(statement, request);
            statement.setString(p, prefix);
        }, (devices, ready, best) -> devices == 0 ? "NO_DEVICE"
                : best == null ? "NOT_OBSERVED" : best < config.slaTarget() ? "BELOW_TARGET" : null,
                (communities, covered, uncovered) -> report(request.area(), areaName, request.deviceClass(), null,
                        request.from(), request.to(), communities, covered, uncovered));
    }

    private Report report(AreaCode area, String areaName, DeviceClass deviceClass, Instant at, Instant from,
            Instant to, long communities, long covered, List<Community> uncovered) {
        Double percent = Seconds.percent(covered, communities);
        return new Report(area == null ? null : area.value(), areaName, deviceClass, at, from, to, 100.0, communities,
                covered, percent, communities > 0 && covered == communities, uncovered);
    }

    private interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Why a community is not covered, or null when it is. */
    private interface Verdict {
        String reason(long devices, long ready, Double best);
    }

    private interface Result {
        Report of(long communities, long covered, List<Community> uncovered);
    }

    private Report query(String sql, boolean atInstant, Binding binding, Verdict verdict, Result result) throws SQLException {
        List<Community> uncovered = new ArrayList<>();
        long communities = uptime.inReport(connection -> {
            long count = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binding.bind(statement);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        count++;
                        long devices = row.getLong("devices");
                        long ready = row.getLong("ready");
                        double best = row.getDouble("best");
                        Double bestOrNull = row.wasNull() ? null : best;
                        String reason = verdict.reason(devices, ready, bestOrNull);
                        if (reason != null) {
                            uncovered.add(new Community(row.getString("code"), row.getString("name"), devices,
                                    atInstant ? ready : null, bestOrNull, reason));
                        }
                    }
                }
            }
            return count;
        });
        return result.of(communities, communities - uncovered.size(), uncovered);
    }
}
