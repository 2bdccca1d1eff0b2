package org.communityhub.connectivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.communityhub.connectivity.Replica.Membership;
import org.junit.jupiter.api.Test;

/** What replicas sharing the stream hear together, and what the judging replica's links make of it. */
class SharedHearingTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    static final Duration ALIVE_WITHIN = Duration.ofSeconds(15);
    static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    static Replica hearing(String id, Instant since, Instant heardUntil, Instant aliveAt) {
        return new Replica(id, Membership.MEMBER, null, since, heardUntil, aliveAt);
    }

    @Test
    void theHubHearsWhileOneReplicaHearsAndHasHeardUpToTheOldestSession() {
        Instant now = T0.plusSeconds(600);
        Hearing shared = SharedHearing.of(List.of(
                hearing("hub-0", T0, now.minusSeconds(1), now),
                new Replica("hub-1", Membership.MEMBER, Change.Reason.CATCHING_UP, now.minusSeconds(20),
                        now.minusSeconds(30), now)), now, ALIVE_WITHIN);
        assertNull(shared.deafness());
        assertEquals(T0, shared.since());
        assertEquals(now.minusSeconds(30), shared.heardUntil(), "hub-1's session may still hold older messages");
    }

    @Test
    void aReplicaThatStoppedWritingIsDownSinceItLastDidAndItsSessionHoldsSilenceBack() {
        Instant now = T0.plusSeconds(600);
        Hearing shared = SharedHearing.of(List.of(
                hearing("hub-0", T0, now.minusSeconds(1), now),
                hearing("hub-1", T0, T0.plusSeconds(300), T0.plusSeconds(301))), now, ALIVE_WITHIN);
        assertNull(shared.deafness(), "hub-0 still hears: no fleet-wide outage");
        assertEquals(T0.plusSeconds(300), shared.heardUntil());
    }

    @Test
    void whenNoReplicaHearsTheHubIsDeafFromWhenTheLastOneStopped() {
        Instant now = T0.plusSeconds(600);
        Hearing shared = SharedHearing.of(List.of(
                hearing("hub-0", T0, T0.plusSeconds(100), T0.plusSeconds(101)),
                new Replica("hub-1", Membership.MEMBER, Change.Reason.BROKER_DOWN, T0.plusSeconds(200),
                        T0.plusSeconds(199), now)), now, ALIVE_WITHIN);
        assertEquals(Change.Reason.BROKER_DOWN, shared.deafness());
        assertEquals(T0.plusSeconds(200), shared.since());
    }

    @Test
    void aReplicaThatLeftCountsForNothing() {
        Instant now = T0.plusSeconds(600);
        Hearing shared = SharedHearing.of(List.of(
                hearing("hub-0", T0, now.minusSeconds(1), now),
                new Replica("hub-1", Membership.LEFT, null, T0, T0.plusSeconds(5), T0.plusSeconds(5))),
                now, ALIVE_WITHIN);
        assertEquals(now.minusSeconds(1), shared.heardUntil());
        assertEquals(Change.Reason.HUB_DOWN, SharedHearing.of(List.of(), now, ALIVE_WITHIN).deafness());
    }

    @Test
    void aDeviceThatKeepsTalkingThroughTheOthersStaysOnlineWhileOneReplicaIsAway() {
        Links links = new Links(Map.of(), T0);
        links.hearAs(SharedHearing.of(List.of(hearing("hub-0", T0, T0, T0)), T0, ALIVE_WITHIN));
        links.apply(new Sign.Message("k1", T0.plusSeconds(1)));
        links.commit();
        for (int s = 60; s <= 600; s += 60) {
            Instant now = T0.plusSeconds(s);
            // hub-1 died at T0 + 30 s: its share of k1's messages waits at the broker, hub-0 gets the rest
            links.hearAs(SharedHearing.of(List.of(hearing("hub-0", T0, now, now),
                    hearing("hub-1", T0, T0.plusSeconds(30), T0.plusSeconds(30))), now, ALIVE_WITHIN));
            if (s % 120 == 0) {
                links.apply(new Sign.Message("k1", now));
            }
            links.silent(List.of(LinksTest.KIOSK), device -> TWO_MINUTES);
            links.behind(List.of(LinksTest.KIOSK), device -> TWO_MINUTES, now.minus(TWO_MINUTES));
            assertEquals(List.of(), links.changes(), "at +" + s + " s");
            links.commit();
        }
    }

    @Test
    void aSilentDeviceWaitsForTheReplicaThatIsAwayThenIsUnknownAfterTheGraceThenOfflineOnce() {
        Links links = new Links(Map.of(), T0);
        links.apply(new Sign.Message("k1", T0.plusSeconds(1)));
        links.commit();
        Instant now = T0.plusSeconds(200);
        List<Replica> hub1Away = List.of(hearing("hub-0", T0, now, now),
                hearing("hub-1", T0, T0.plusSeconds(30), T0.plusSeconds(30)));
        links.hearAs(SharedHearing.of(hub1Away, now, ALIVE_WITHIN));
        links.silent(List.of(LinksTest.KIOSK), device -> TWO_MINUTES);
        links.behind(List.of(LinksTest.KIOSK), device -> TWO_MINUTES, now.minus(Duration.ofMinutes(2)));
        assertEquals(List.of(), links.changes(), "its deadline, +121 s, is past what hub-1 has heard");
        now = T0.plusSeconds(300);
        hub1Away = List.of(hearing("hub-0", T0, now, now), hub1Away.get(1));
        links.hearAs(SharedHearing.of(hub1Away, now, ALIVE_WITHIN));
        links.silent(List.of(LinksTest.KIOSK), device -> TWO_MINUTES);
        links.behind(List.of(LinksTest.KIOSK), device -> TWO_MINUTES, now.minus(Duration.ofMinutes(2)));
        assertEquals(List.of(new Change("k1", T0.plusSeconds(121), LinkState.ONLINE, LinkState.UNKNOWN,
                Change.Reason.REPLICA_BEHIND)), links.changes());
        links.commit();
        // hub-1 is back and has drained its session: nothing from k1 was in it
        now = T0.plusSeconds(320);
        links.hearAs(SharedHearing.of(List.of(hearing("hub-0", T0, now, now), hearing("hub-1", now, now, now)),
                now, ALIVE_WITHIN));
        links.silent(List.of(LinksTest.KIOSK), device -> TWO_MINUTES);
        assertEquals(1, links.changes().size());
        assertEquals(LinkState.OFFLINE, links.changes().get(0).to());
        links.commit();
        links.silent(List.of(LinksTest.KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes(), "offline once");
    }
}
