package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A paused condition keeps what it counted and counts nothing while paused. */
class ConditionTest {

    static final Instant T = Instant.parse("2026-11-29T02:00:00Z");

    @Test
    void pauseKeepsTheCountedTimeAndResumeCountsOnFromTheResumption() {
        Condition held = Condition.since(T, "offline");
        Condition paused = held.paused(Hours.ALL_DAY, T.plusSeconds(240));
        assertNull(paused.since());
        assertEquals(Duration.ofMinutes(4), paused.counted(Hours.ALL_DAY, T.plusSeconds(3600)), "nothing while paused");
        Condition resumed = paused.resumed(T.plusSeconds(1800), "offline again");
        assertEquals(Duration.ofMinutes(4 + 6), resumed.counted(Hours.ALL_DAY, T.plusSeconds(1800 + 360)));
        assertEquals(resumed, resumed.resumed(T.plusSeconds(2000), "again"), "a running condition keeps its start");
    }
}
