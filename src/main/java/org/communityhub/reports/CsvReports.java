package org.communityhub.reports;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.communityhub.api.ApiException;

/**
 * Reports as CSV for Excel on Chinese Windows: UTF-8 with a byte-order mark (without it Excel reads
 * the area names as GBK), one row per report row, the same figures as the JSON under the same names.
 */
final class CsvReports {

    static final String MEDIA_TYPE = "text/csv";

    private static final String BOM = "\uFEFF";

    private CsvReports() {
    }

    /** Whether CSV is asked for: {@code format=csv}, or {@code Accept} preferring text/csv to JSON. */
    static boolean wanted(HttpHeaders headers, String format) {
        if (format != null && !format.isBlank()) {
            return switch (format.trim().toLowerCase()) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.invalid("format", "must be json or csv");
            };
        }
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.valueOf(MEDIA_TYPE))) {
                return !type.isWildcardType();
            }
        }
        return false;
    }

    static Response uptime(UptimeReport report) {
        List<String> header = List.of("areaCode", "name", "deviceId", "devices", "onlineSeconds", "offlineSeconds",
                "unknownSeconds", "maintenanceSeconds", "excludedSeconds", "inServiceSeconds", "uptimePercent",
                "inServicePercent", "slaMet", "inServiceSlaMet", "worstDevices");
        List<List<Object>> rows = new ArrayList<>();
        for (UptimeReport.Row row : report.items()) {
            String worst = row.worstDevices() == null ? null
                    : String.join(" ", row.worstDevices().stream().map(UptimeReport.Row::deviceId).toList());
            rows.add(Arrays.asList(row.areaCode(), row.name(), row.deviceId(), row.devices(), row.onlineSeconds(),
                    row.offlineSeconds(), row.unknownSeconds(), row.maintenanceSeconds(), row.excludedSeconds(),
                    row.inServiceSeconds(), row.uptimePercent(), row.inServicePercent(), row.slaMet(),
                    row.inServiceSlaMet(), worst));
        }
        String name = "uptime-" + (report.areaCode() == null ? "all" : report.areaCode()) + "-"
                + report.deviceClass().name().toLowerCase() + ".csv";
        return csv(name, header, rows);
    }

    static Response coverage(Coverage.Report report) {
        List<String> header = List.of("code", "name", "devices", "inService", "bestInServicePercent", "reason");
        List<List<Object>> rows = new ArrayList<>();
        for (Coverage.Community community : report.uncovered()) {
            rows.add(Arrays.asList(community.code(), community.name(), community.devices(), community.inService(),
                    community.bestInServicePercent(), community.reason()));
        }
        String name = "uncovered-" + (report.areaCode() == null ? "all" : report.areaCode()) + ".csv";
        return csv(name, header, rows);
    }

    static Response indicators(IndicatorReport report) {
        List<String> header = List.of("areaCode", "name", "indicator", "title", "meeting", "of", "percent",
                "targetPercent", "met", "shortfallCount", "shortfall");
        List<List<Object>> rows = new ArrayList<>();
        for (IndicatorReport.Row row : report.items()) {
            for (IndicatorReport.Indicator indicator : row.indicators()) {
                String shortfall = String.join(" ", indicator.shortfall().stream()
                        .map(s -> s.deviceId() != null ? s.deviceId() : s.areaCode()).toList());
                rows.add(Arrays.asList(row.areaCode(), row.name(), indicator.indicator(), indicator.title(),
                        indicator.meeting(), indicator.of(), indicator.percent(), indicator.targetPercent(),
                        indicator.met(), indicator.shortfallCount(), shortfall));
            }
        }
        return csv("indicators-" + (report.areaCode() == null ? "all" : report.areaCode()) + ".csv", header, rows);
    }

    private static Response csv(String fileName, List<String> header, List<List<Object>> rows) {
        StringWriter text = new StringWriter();
        text.write(BOM);
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                .get())) {
            for (List<Object> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(text.toString().getBytes(StandardCharsets.UTF_8))
                .type(MEDIA_TYPE + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .build();
    }
}
