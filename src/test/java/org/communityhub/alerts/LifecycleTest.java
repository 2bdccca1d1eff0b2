package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The closed loop's table: every action in every state, allowed or refused with a reason. */
class LifecycleTest {

    @Test
    void eachActionIsAllowedOnlyWhereTheLoopSays() {
        Map<Lifecycle, String> allowedFrom = Map.of(
                Lifecycle.ACK, "OPEN",
                Lifecycle.ASSIGN, "OPEN ACKNOWLEDGED ASSIGNED",
                Lifecycle.RESOLVE, "OPEN ACKNOWLEDGED ASSIGNED",
                Lifecycle.CLOSE, "RESOLVED",
                Lifecycle.REOPEN, "RESOLVED CLOSED");
        for (Lifecycle action : Lifecycle.values()) {
            for (AlertState state : AlertState.values()) {
                boolean allowed = allowedFrom.get(action).contains(state.name());
                assertEquals(allowed, action.refusal(state).isEmpty(), action + " in " + state);
                action.refusal(state).ifPresent(reason -> assertTrue(reason.contains(state.name()), reason));
            }
        }
        assertEquals(AlertState.CLOSED, Lifecycle.CLOSE.to());
        assertEquals(Lifecycle.ACK, Lifecycle.named("ack").orElseThrow());
        assertTrue(Lifecycle.named("escalate").isEmpty());
    }
}
