package org.communityhub.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void topicsFollowTheContract() {
        assertEquals("hub/v1/kiosk-230103004001/telemetry", Topics.of("kiosk-230103004001", "telemetry"));
        assertEquals("hub/v1/elder-1/command/ack", Topics.of("elder-1", "command/ack"));
    }

    @Test
    void deviceIdsThatWouldBreakTheTopicAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Topics.of("a/b", "telemetry"));
        assertThrows(IllegalArgumentException.class, () -> Topics.of("#", "telemetry"));
        assertThrows(IllegalArgumentException.class, () -> Topics.of("", "telemetry"));
    }
}
