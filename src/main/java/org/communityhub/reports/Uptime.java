package org.communityhub.reports;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.alerts.AlertsConfig;
import org.communityhub.alerts.Hours;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceClass;

/** Computes uptime reports in the database ({@link UptimeQueries}); nothing of a device's history comes to Java. */
@ApplicationScoped
public class Uptime {

    /** What a report is asked for: devices of a class in an area's subtree (all when null) over [from, to). */
    public record Request(AreaCode area, DeviceClass deviceClass, Instant from, Instant to, GroupBy groupBy,
            boolean serviceHours, boolean series) {

        /** Times are cut to microseconds, the database's precision, so that the parts add up exactly. */
        public Request {
            from = from.truncatedTo(ChronoUnit.MICROS);
            to = to.truncatedTo(ChronoUnit.MICROS);
        }
    }

    private final AgroalDataSource dataSource;
    private final ReportsConfig config;
    private final Hours serviceHours;

    Uptime(AgroalDataSource dataSource, ReportsConfig config, AlertsConfig alerts) {
        this.dataSource = dataSource;
        this.config = config;
        this.serviceHours = new Hours(alerts.serviceHoursFrom(), alerts.serviceHoursTo(), alerts.zone());
    }

    /** Binds the zone and the service hours from {@code index} on; returns the next index. */
    int bindHours(PreparedStatement statement, int index) throws SQLException {
        statement.setString(index++, serviceHours.zone().getId());
        statement.setTime(index++, Time.valueOf(serviceHours.from()));
        statement.setTime(index++, Time.valueOf(serviceHours.to()));
        return index;
    }

    /** Binds the parameters of the device days of {@code request} from 1 on; returns the next index. */
    int bindDevices(PreparedStatement statement, Request request) throws SQLException {
        int p = bindHours(statement, 1);
        statement.setTimestamp(p++, Timestamp.from(request.from()));
        statement.setTimestamp(p++, Timestamp.from(request.to()));
        statement.setBoolean(p++, request.serviceHours());
        statement.setInt(p++, request.groupBy().digits());
        statement.setString(p++, request.deviceClass().name());
        statement.setString(p++, request.area() == null ? "" : request.area().subtreePrefix());
        return p;
    }

    interface Reading<T> {
        T read(Connection connection) throws SQLException;
    }

    /** Runs a report's statements in a read transaction of their own. */
    <T> T inReport(Reading<T> reading) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement()) {
                // Just-in-time compilation costs more than it saves here: 1.3 s of 3 s, measured on the province benchmark.
                settings.execute("SET LOCAL jit = off");
            }
            T result = reading.read(connection);
            connection.commit();
            return result;
        }
    }

    public UptimeReport report(Request request, String areaName) throws SQLException {
        Map<String, Group> groups = new LinkedHashMap<>();
        inReport(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UptimeQueries.REPORT)) {
                int p = bindDevices(statement, request);
                statement.setBoolean(p++, request.series());
                statement.setBoolean(p++, request.series());
                statement.setInt(p, request.groupBy() == GroupBy.DEVICE ? 0 : config.worstDevices());
                statement.setFetchSize(5_000);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String key = row.getString("grp");
                        Group group = groups.computeIfAbsent(key, k -> new Group());
                        Parts parts = Parts.of(row);
                        switch (row.getString("kind")) {
                            case "GROUP" -> {
                                group.parts = parts;
                                group.devices = row.getLong("devices");
                                group.name = row.getString("grp_name");
                                group.areaCode = request.groupBy() == GroupBy.DEVICE ? row.getString("area_code") : key;
                            }
                            case "DAY" -> group.days.put(row.getDate("day").toLocalDate(), parts);
                            default -> group.worst.add(UptimeReport.Row.of(row.getString("area_code"),
                                    row.getString("name"), row.getString("id"), 1, parts, config.slaTarget(), null,
                                    null));
                        }
                    }
                }
            }
            return null;
        });
        List<UptimeReport.Row> rows = new ArrayList<>(groups.size());
        Parts overall = Parts.NONE;
        long devices = 0;
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Group group = entry.getValue();
            overall = overall.plus(group.parts);
            devices += group.devices;
            List<UptimeReport.Day> days = request.series() ? group.days.entrySet().stream()
                    .map(day -> UptimeReport.Day.of(day.getKey(), day.getValue())).toList() : null;
            rows.add(UptimeReport.Row.of(group.areaCode, group.name,
                    request.groupBy() == GroupBy.DEVICE ? entry.getKey() : null, group.devices, group.parts,
                    config.slaTarget(), request.groupBy() == GroupBy.DEVICE ? null : group.worst, days));
        }
        String areaCode = request.area() == null ? null : request.area().value();
        return new UptimeReport(areaCode, areaName, request.deviceClass(), request.groupBy(), request.from(),
                request.to(), Seconds.of(Duration.between(request.from(), request.to()).toNanos() / 1_000),
                request.serviceHours(), request.serviceHours() ? serviceHours.toString() : Hours.ALL_DAY.toString(),
                config.slaTarget(), UptimeReport.Row.of(areaCode, areaName, null, devices, overall, config.slaTarget(),
                        null, null), rows, rows.size(), 0, rows.size());
    }

    /** What the rows of one group add up to while they are read. */
    private static final class Group {
        Parts parts = Parts.NONE;
        long devices;
        String name;
        String areaCode;
        final List<UptimeReport.Row> worst = new ArrayList<>();
        final Map<LocalDate, Parts> days = new LinkedHashMap<>();
    }
}
