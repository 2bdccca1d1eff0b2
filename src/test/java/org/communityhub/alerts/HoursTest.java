package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HoursTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Hours SERVICE = new Hours(LocalTime.of(8, 0), LocalTime.of(20, 0), SHANGHAI);

    @Test
    void serviceHoursAreInTheProvincesTimeZone() {
        assertTrue(SERVICE.contains(Instant.parse("2026-11-29T00:00:00Z")), "08:00 in Shanghai");
        assertFalse(SERVICE.contains(Instant.parse("2026-11-28T23:59:59Z")), "07:59:59 in Shanghai");
        assertFalse(SERVICE.contains(Instant.parse("2026-11-29T12:00:00Z")), "20:00 in Shanghai");
    }

    @Test
    void onlyTimeWithinTheHoursIsCounted() {
        // 19:00 to 09:00 the next day in Shanghai: one hour in the evening, one in the morning
        assertEquals(Duration.ofHours(2), SERVICE.within(Instant.parse("2026-11-29T11:00:00Z"),
                Instant.parse("2026-11-30T01:00:00Z")));
        assertEquals(Duration.ZERO, SERVICE.within(Instant.parse("2026-11-29T13:00:00Z"),
                Instant.parse("2026-11-29T23:00:00Z")), "a night counts nothing");
        assertEquals(Duration.ofHours(12 * 3), SERVICE.within(Instant.parse("2026-11-28T16:00:00Z"),
                Instant.parse("2026-12-01T16:00:00Z")), "three whole days");
        assertEquals(Duration.ZERO, SERVICE.within(Instant.parse("2026-11-29T03:00:00Z"),
                Instant.parse("2026-11-29T02:00:00Z")), "an empty span");
    }

    @Test
    void hoursAcrossMidnightAndAllDay() {
        Hours night = new Hours(LocalTime.of(22, 0), LocalTime.of(6, 0), SHANGHAI);
        assertTrue(night.contains(Instant.parse("2026-11-29T15:00:00Z")), "23:00");
        assertTrue(night.contains(Instant.parse("2026-11-29T21:00:00Z")), "05:00");
        assertFalse(night.contains(Instant.parse("2026-11-29T23:00:00Z")), "07:00");
        assertEquals(Duration.ofHours(8), night.within(Instant.parse("2026-11-29T04:00:00Z"),
                Instant.parse("2026-11-30T04:00:00Z")));
        assertEquals(Duration.ofMinutes(90), Hours.ALL_DAY.within(Instant.parse("2026-11-29T04:00:00Z"),
                Instant.parse("2026-11-29T05:30:00Z")));
    }
}
