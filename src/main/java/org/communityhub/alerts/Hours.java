package org.communityhub.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Daily hours in a time zone, such as a kiosk's service hours 08:00–20:00 Asia/Shanghai. {@code to}
 * before {@code from} spans midnight (22:00–06:00); equal means all day.
 */
public record Hours(LocalTime from, LocalTime to, ZoneId zone) {

    public static final Hours ALL_DAY = new Hours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    public boolean allDay() {
        return from.equals(to);
    }

    public boolean contains(Instant at) {
        if (allDay()) {
            return true;
        }
        LocalTime time = at.atZone(zone).toLocalTime();
        return from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }

    /** How much of [start, end) lies within these hours. */
    public Duration within(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            return Duration.ZERO;
        }
        if (allDay()) {
            return Duration.between(start, end);
        }
        Duration total = Duration.ZERO;
        LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = end.atZone(zone).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            ZonedDateTime open = day.atTime(from).atZone(zone);
            ZonedDateTime close = (from.isBefore(to) ? day : day.plusDays(1)).atTime(to).atZone(zone);
            Instant a = open.toInstant().isAfter(start) ? open.toInstant() : start;
            Instant b = close.toInstant().isBefore(end) ? close.toInstant() : end;
            if (b.isAfter(a)) {
                total = total.plus(Duration.between(a, b));
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return allDay() ? "all day" : from + "–" + to + " " + zone;
    }
}
