package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    static final Instant MONDAY_NIGHT = Instant.parse("2026-11-30T14:00:00Z");

    @Test
    void aOneOffWindowIsOnBetweenItsStartAndItsEnd() {
        MaintenanceWindow window = window(false, null);
        assertFalse(window.activeAt(MONDAY_NIGHT.minusSeconds(1)));
        assertTrue(window.activeAt(MONDAY_NIGHT));
        assertTrue(window.activeAt(MONDAY_NIGHT.plusSeconds(2 * 3600 - 1)));
        assertFalse(window.activeAt(MONDAY_NIGHT.plusSeconds(2 * 3600)));
        assertFalse(window.activeAt(MONDAY_NIGHT.plusSeconds(7 * 86400)), "not the next week");
    }

    @Test
    void aWeeklyWindowRepeatsUntilItsEnd() {
        MaintenanceWindow window = window(true, MONDAY_NIGHT.plusSeconds(14 * 86400));
        assertTrue(window.activeAt(MONDAY_NIGHT.plusSeconds(7 * 86400 + 3600)), "the next Monday night");
        assertFalse(window.activeAt(MONDAY_NIGHT.plusSeconds(7 * 86400 + 3 * 3600)), "after its hours");
        assertFalse(window.activeAt(MONDAY_NIGHT.plusSeconds(3 * 86400)), "Thursday");
        assertFalse(window.activeAt(MONDAY_NIGHT.plusSeconds(14 * 86400 + 60)), "past repeatUntil");
    }

    @Test
    void scopeIsTheAreaSubtreeOrTheDevice() {
        MaintenanceWindow area = window(false, null);
        assertTrue(area.covers("kiosk-1", "230102001001"));
        assertTrue(area.covers("kiosk-1", "230102001001001"), "a grid of the community");
        assertFalse(area.covers("kiosk-1", "230102001002"));
        MaintenanceWindow device = new MaintenanceWindow(2, null, "kiosk-1", MONDAY_NIGHT,
                MONDAY_NIGHT.plusSeconds(60), false, null, "firmware", "ops", MONDAY_NIGHT);
        assertTrue(device.covers("kiosk-1", "230102001002"));
        assertFalse(device.covers("kiosk-2", "230102001002"));
    }

    private static MaintenanceWindow window(boolean weekly, Instant until) {
        return new MaintenanceWindow(1, "230102001001", null, MONDAY_NIGHT, MONDAY_NIGHT.plusSeconds(2 * 3600), weekly,
                until, "kiosk replaced", "ops", MONDAY_NIGHT);
    }
}
