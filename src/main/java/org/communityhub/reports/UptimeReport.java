package org.communityhub.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.communityhub.devices.DeviceClass;

/**
 * An uptime report: one row per group (a device, community, street, district or city) of the devices
 * of a class in an area's subtree over [from, to), with the parts of their time, both figures and
 * whether they meet the target; {@code overall} sums every row. For every row the five parts add
 * up to {@code periodSeconds} × {@code devices}.
 */
public record UptimeReport(String areaCode, String areaName, DeviceClass deviceClass, GroupBy groupBy, Instant from,
        Instant to, BigDecimal periodSeconds, boolean serviceHours, String hoursCounted, double slaTargetPercent,
        Row overall, List<Row> items, long total, int page, int size) {

    /** One group: its area (or device), the devices in it, the parts of their time, its worst devices, its days. */
    public record Row(String areaCode, String name, String deviceId, long devices, BigDecimal onlineSeconds,
            BigDecimal offlineSeconds, BigDecimal unknownSeconds, BigDecimal maintenanceSeconds,
            BigDecimal excludedSeconds, BigDecimal inServiceSeconds, Double uptimePercent, Double inServicePercent,
            Boolean slaMet, Boolean inServiceSlaMet, List<Row> worstDevices, List<Day> days) {

        static Row of(String areaCode, String name, String deviceId, long devices, Parts parts, double target,
                List<Row> worst, List<Day> days) {
            Double uptime = parts.uptimePercent();
            Double inService = parts.inServicePercent();
            return new Row(areaCode, name, deviceId, devices, Seconds.of(parts.online()), Seconds.of(parts.offline()),
                    Seconds.of(parts.unknown()), Seconds.of(parts.maintenance()), Seconds.of(parts.excluded()),
                    Seconds.of(parts.serving()), uptime, inService, uptime == null ? null : uptime >= target,
                    inService == null ? null : inService >= target, worst, days);
        }
    }

    /** One local day of a group, for charts. */
    public record Day(LocalDate day, BigDecimal onlineSeconds, BigDecimal offlineSeconds, BigDecimal unknownSeconds,
            BigDecimal maintenanceSeconds, BigDecimal excludedSeconds, BigDecimal inServiceSeconds,
            Double uptimePercent, Double inServicePercent) {

        static Day of(LocalDate day, Parts parts) {
            return new Day(day, Seconds.of(parts.online()), Seconds.of(parts.offline()), Seconds.of(parts.unknown()),
                    Seconds.of(parts.maintenance()), Seconds.of(parts.excluded()), Seconds.of(parts.serving()),
                    parts.uptimePercent(), parts.inServicePercent());
        }
    }
}
