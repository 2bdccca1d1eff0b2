package org.communityhub.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.communityhub.api.ApiException;

/**
 * The period of a report, [from, to): each an ISO-8601 instant or a local date in the report zone
 * ({@code from=2026-10-01} is that day's start, {@code to=2026-10-31} that day's end, so both days
 * are in). {@code to} defaults to now and is never later (time not yet lived is no one's uptime);
 * {@code from} defaults to the start of the day 29 days before {@code to}'s: 30 days. Both are cut
 * to microseconds, the database's precision.
 */
record ReportPeriod(Instant from, Instant to) {

    static final int MAX_DAYS = 400;

    static ReportPeriod of(String rawFrom, String rawTo, ZoneId zone, Instant now) {
        Instant to = parse("to", rawTo, zone, true);
        to = to == null || to.isAfter(now) ? now : to;
        Instant from = parse("from", rawFrom, zone, false);
        if (from == null) {
            from = to.atZone(zone).toLocalDate().minusDays(29).atStartOfDay(zone).toInstant();
        }
        if (!from.isBefore(to)) {
            throw ApiException.invalid("from", "must be before to (" + to + ", which is never later than now)");
        }
        if (Duration.between(from, to).toDays() >= MAX_DAYS) {
            throw ApiException.invalid("from", "a report covers at most " + MAX_DAYS + " days");
        }
        return new ReportPeriod(from.truncatedTo(ChronoUnit.MICROS), to.truncatedTo(ChronoUnit.MICROS));
    }

    private static Instant parse(String field, String raw, ZoneId zone, boolean end) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.trim();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO-8601 instant such as 2026-10-01T00:00:00Z or a date "
                    + "such as 2026-10-01 (in " + zone + ")");
        }
    }
}
