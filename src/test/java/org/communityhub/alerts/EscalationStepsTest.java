package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.communityhub.areas.AreaCode;
import org.junit.jupiter.api.Test;

/** An unacknowledged critical alert climbs one level of the tree per delay, and stops at the province. */
class EscalationStepsTest {

    static final Instant OPENED = Instant.parse("2026-11-29T02:00:00Z");
    static final Duration AFTER = Duration.ofMinutes(5);

    @Test
    void oneLevelPerDelay() {
        assertTrue(Escalation.next(alert(null), OPENED.plus(Duration.ofMinutes(4)), AFTER).isEmpty());
        assertEquals(AreaCode.of("230102001000"), Escalation.next(alert(null), OPENED.plus(AFTER), AFTER).orElseThrow());
        assertTrue(Escalation.next(alert("230102001000"), OPENED.plus(Duration.ofMinutes(9)), AFTER).isEmpty());
        assertEquals(AreaCode.of("230102000000"),
                Escalation.next(alert("230102001000"), OPENED.plus(Duration.ofMinutes(10)), AFTER).orElseThrow());
        assertTrue(Escalation.next(alert("230000000000"), OPENED.plus(Duration.ofDays(1)), AFTER).isEmpty(),
                "nothing above the province");
    }

    private static Alert alert(String escalatedTo) {
        return new Alert(1, "elder-1", "230102001001", "ELDER_ALERT", "ELDER_ALERT_SOS", "SOS", Severity.CRITICAL,
                AlertState.OPEN, 1, OPENED, OPENED, "SOS", null, null, escalatedTo, null, null, null, null, null, null);
    }
}
