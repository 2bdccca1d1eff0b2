package org.communityhub.simulators.scenario;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point of a scenario's timeline: an offset from its start ({@code 90s}, {@code 2m}, {@code 1h30m},
 * {@code PT2M}) or a local clock time ({@code 10:00}, the next one after the start).
 */
public record Moment(Duration offset, LocalTime clock) {

    private static final Pattern UNITS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?");

    /** Parses the forms above; the message of the exception names what was wrong. */
    public static Moment parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a time is missing");
        }
        if (text.contains(":")) {
            try {
                return new Moment(null, LocalTime.parse(text.trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a clock time like 10:00");
            }
        }
        return new Moment(duration(text), null);
    }

    /** A length of time in the forms {@code 90s}, {@code 2m}, {@code 1h30m} or ISO-8601 {@code PT2M}. */
    public static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is missing");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration like PT2M");
            }
        }
        Matcher units = UNITS.matcher(trimmed);
        if (!units.matches() || trimmed.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 2m, 1h30m or PT2M");
        }
        Duration duration = Duration.ZERO;
        if (units.group(1) != null) {
            duration = duration.plusHours(Long.parseLong(units.group(1)));
        }
        if (units.group(2) != null) {
            duration = duration.plusMinutes(Long.parseLong(units.group(2)));
        }
        if (units.group(3) != null) {
            duration = duration.plusMillis(Math.round(Double.parseDouble(units.group(3)) * 1000));
        }
        return duration;
    }

    /** How long after {@code start} this moment comes. */
    public Duration after(ZonedDateTime start) {
        if (offset != null) {
            return offset;
        }
        ZonedDateTime at = start.with(clock);
        if (at.isBefore(start)) {
            at = at.plusDays(1);
        }
        return Duration.between(start, at);
    }

    @Override
    public String toString() {
        return offset != null ? offset.toString() : clock.toString();
    }
}
