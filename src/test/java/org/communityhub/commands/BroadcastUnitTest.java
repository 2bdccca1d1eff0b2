package org.communityhub.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.communityhub.commands.BroadcastUnit.Progress;
import org.junit.jupiter.api.Test;

class BroadcastUnitTest {

    private static final Instant T = Instant.parse("2026-11-30T01:00:00Z");

    @Test
    void aUnitIsJudgedByItsCommandAndItsPlaybackEvents() {
        assertEquals(Progress.PLAYED, judge("ACCEPTED", null, T, T.plusSeconds(30), null).state());
        assertEquals(Progress.PLAYED, judge("DONE", null, null, null, null).state());
        assertEquals(Progress.PLAYING, judge("ACCEPTED", null, T, null, null).state());
        assertEquals("rejected: busy", judge("REJECTED", "busy", null, null, null).reason());
        assertEquals("failed: amplifier fault", judge("FAILED", "amplifier fault", null, null, null).reason());
        assertEquals("failed", judge("FAILED", null, null, null, null).reason());
        assertEquals(Progress.ACCEPTED, judge("ACCEPTED", null, null, null, null).state());
        assertEquals(Progress.SENT, judge("SENT", null, null, null, null).state());
        assertEquals("not reached yet: offline since " + T, judge("PENDING", null, null, null, "OFFLINE").reason());
        assertEquals("not reached yet: never heard from",
                BroadcastUnit.judge("u", UUID.randomUUID(), "PENDING", null, null, null, null, null, null, null, null)
                        .reason());
        assertEquals("not reached before the expiry (offline since " + T + ")",
                judge("EXPIRED", "expired before it was sent", null, null, "OFFLINE").reason());
        assertEquals("not reached: the broadcast was stopped first (unknown since " + T + ")",
                judge("EXPIRED", "the broadcast was stopped before it was sent", null, null, "UNKNOWN").reason());
    }

    @Test
    void aUnitTheHubGaveUpWaitingForSaysSo() {
        Instant alerted = T.plusSeconds(60);
        assertEquals("accepted, playback not confirmed yet; no confirmation (BROADCAST_NOT_CONFIRMED raised at "
                + alerted + ")", BroadcastUnit.judge("u", UUID.randomUUID(), "ACCEPTED", null, T, T, null, null, alerted,
                "ONLINE", T).reason());
        assertEquals(Progress.PLAYING, BroadcastUnit.judge("u", UUID.randomUUID(), "ACCEPTED", null, T, T,
                T.plusSeconds(90), null, alerted, "ONLINE", T).state(), "a late playback still counts");
    }

    @Test
    void theTotalsCountEachUnitOnce() {
        List<BroadcastUnit> units = List.of(judge("DONE", null, T, T, null), judge("ACCEPTED", null, T, null, null),
                judge("REJECTED", "busy", null, null, null), judge("PENDING", null, null, null, "OFFLINE"),
                judge("SENT", null, null, null, null));
        assertEquals(new BroadcastUnit.Totals(5, 4, 2, 1, 1, 1, 1), BroadcastUnit.Totals.of(units));
    }

    private static BroadcastUnit judge(String command, String detail, Instant started, Instant played, String link) {
        boolean sent = !command.equals("PENDING") && !command.equals("EXPIRED");
        boolean accepted = command.equals("ACCEPTED") || command.equals("DONE");
        return BroadcastUnit.judge("u", UUID.randomUUID(), command, detail, sent ? T : null, accepted ? T : null,
                started, played, null, link, link == null ? null : T);
    }
}
