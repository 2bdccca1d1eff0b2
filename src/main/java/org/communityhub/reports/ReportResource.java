package org.communityhub.reports;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;
import org.communityhub.alerts.AlertsConfig;
import org.communityhub.api.ApiException;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceClass;
import org.communityhub.security.Scope;

/**
 * Uptime, coverage and the plan's indicators of an area's subtree (docs/uptime.md), as JSON, or as CSV for
 * Excel with {@code Accept: text/csv}. Callers see only their own areas' reports.
 */
@Path("/api/v1/reports")
@Authenticated
public class ReportResource {

    private final Uptime uptime;
    private final Coverage coverage;
    private final Indicators indicators;
    private final AgroalDataSource dataSource;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    ReportResource(Uptime uptime, Coverage coverage, Indicators indicators, AgroalDataSource dataSource,
            SecurityIdentity identity, AlertsConfig alerts) {
        this.uptime = uptime;
        this.coverage = coverage;
        this.indicators = indicators;
        this.dataSource = dataSource;
        this.identity = identity;
        this.zone = alerts.zone();
    }

    /** The area a report is about and its name; null for the whole registry (callers who see everything). */
    private record Subject(AreaCode area, String name) {
    }

    /**
     * {@code area} (a subtree; default: the caller's one area, or everything), {@code from}, {@code to}
     * (instants or local dates; default the last 30 days up to now), {@code class} (default KIOSK),
     * {@code groupBy} (device, community, street, district, city; default the level below the area),
     * {@code serviceHours} (count only service hours), {@code series} (a daily series per row; default
     * true unless grouped by device).
     */
    @GET
    @Path("uptime")
    @Produces({MediaType.APPLICATION_JSON, CsvReports.MEDIA_TYPE})
    public Response uptime(@QueryParam("area") String area, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("class") String deviceClass,
            @QueryParam("deviceClass") String deviceClassAlias, @QueryParam("groupBy") String groupBy,
            @QueryParam("serviceHours") String serviceHours, @QueryParam("series") String series,
            @QueryParam("format") String format, @Context HttpHeaders headers) throws SQLException {
        Subject subject = subject(area);
        ReportPeriod period = ReportPeriod.of(from, to, zone, Instant.now());
        GroupBy grouping = QueryValues.enumValue("groupBy", groupBy, GroupBy.class);
        grouping = grouping == null ? below(subject.area()) : grouping;
        Boolean wantSeries = flag("series", series);
        Uptime.Request request = new Uptime.Request(subject.area(), deviceClass(deviceClass, deviceClassAlias),
                period.from(), period.to(), grouping, Boolean.TRUE.equals(flag("serviceHours", serviceHours)),
                wantSeries == null ? grouping != GroupBy.DEVICE : wantSeries);
        UptimeReport report = uptime.report(request, subject.name());
        return answer(headers, format, report, CsvReports::uptime);
    }

    /**
     * Coverage of the communities of {@code area}: at an instant {@code at} (default now), or over
     * {@code from}–{@code to} when either is given; {@code class} default KIOSK.
     */
    @GET
    @Path("coverage")
    @Produces({MediaType.APPLICATION_JSON, CsvReports.MEDIA_TYPE})
    public Response coverage(@QueryParam("area") String area, @QueryParam("at") String at,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("class") String deviceClass,
            @QueryParam("deviceClass") String deviceClassAlias, @QueryParam("serviceHours") String serviceHours,
            @QueryParam("format") String format, @Context HttpHeaders headers) throws SQLException {
        Subject subject = subject(area);
        DeviceClass cls = deviceClass(deviceClass, deviceClassAlias);
        Coverage.Report report;
        if (from != null || to != null) {
            if (at != null) {
                throw ApiException.invalid("at", "give either at, or from and to, not both");
            }
            ReportPeriod period = ReportPeriod.of(from, to, zone, Instant.now());
            report = coverage.over(new Uptime.Request(subject.area(), cls, period.from(), period.to(), GroupBy.COMMUNITY,
                    Boolean.TRUE.equals(flag("serviceHours", serviceHours)), false), subject.name());
        } else {
            Instant instant = QueryValues.instant("at", at);
            report = coverage.at(subject.area(), subject.name(), cls, instant);
        }
        return answer(headers, format, report, CsvReports::coverage);
    }

    /**
     * The plan's indicators per area of the level {@code groupBy} (community, street, district, city;
     * default the level below {@code area}) over {@code from}–{@code to} (default the last 30 days).
     */
    @GET
    @Path("indicators")
    @Produces({MediaType.APPLICATION_JSON, CsvReports.MEDIA_TYPE})
    public Response indicators(@QueryParam("area") String area, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("groupBy") String groupBy, @QueryParam("format") String format,
            @Context HttpHeaders headers) throws SQLException {
        Subject subject = subject(area);
        ReportPeriod period = ReportPeriod.of(from, to, zone, Instant.now());
        GroupBy level = QueryValues.enumValue("groupBy", groupBy, GroupBy.class);
        if (level == GroupBy.DEVICE) {
            throw ApiException.invalid("groupBy", "indicators are per area: community, street, district or city");
        }
        if (level == null) {
            GroupBy below = below(subject.area());
            level = below == GroupBy.DEVICE ? GroupBy.COMMUNITY : below;
        }
        IndicatorReport report = indicators.report(subject.area(), subject.name(), period.from(), period.to(), level);
        return answer(headers, format, report, CsvReports::indicators);
    }

    /** The report as JSON, or as CSV when asked for. */
    private static <T> Response answer(HttpHeaders headers, String format, T report, Function<T, Response> csv) {
        return CsvReports.wanted(headers, format) ? csv.apply(report) : Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    private static DeviceClass deviceClass(String raw, String alias) {
        DeviceClass value = QueryValues.enumValue(raw != null ? "class" : "deviceClass", raw != null ? raw : alias,
                DeviceClass.class);
        return value == null ? DeviceClass.KIOSK : value;
    }

    private static Boolean flag(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.invalid(field, "must be true or false");
        };
    }

    /** One level below the area's, the natural breakdown; a whole registry by city. */
    private static GroupBy below(AreaCode area) {
        if (area == null) {
            return GroupBy.CITY;
        }
        return switch (area.level()) {
            case PROVINCE -> GroupBy.CITY;
            case CITY -> GroupBy.DISTRICT;
            case COUNTY -> GroupBy.STREET;
            case STREET -> GroupBy.COMMUNITY;
            case COMMUNITY, GRID -> GroupBy.DEVICE;
        };
    }

    /** The area asked for, checked against the registry and the caller's scope. */
    private Subject subject(String raw) throws SQLException {
        Scope scope = Scope.of(identity);
        AreaCode area = QueryValues.parsed("area", raw, AreaCode::of);
        if (area == null) {
            if (scope.everything()) {
                return new Subject(null, null);
            }
            if (scope.areas().size() != 1) {
                throw ApiException.invalid("area", "required: give one of your areas " + scope.areas());
            }
            area = scope.areas().get(0);
        }
        scope.require(area.value(), "area", area.value());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT name FROM areas WHERE code = ?")) {
            statement.setString(1, area.value());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("area", area.value());
                }
                return new Subject(area, row.getString(1));
            }
        }
    }
}
