package org.communityhub.connectivity;

import static org.communityhub.connectivity.LinksTest.KIOSK;
import static org.communityhub.connectivity.LinksTest.T0;
import static org.communityhub.connectivity.LinksTest.TWO_MINUTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whenever the hub cannot hear, devices are UNKNOWN with the reason, never OFFLINE; what it hears
 * meanwhile is applied when it hears again, and silence is measured from then
 * (docs/connectivity.md, one timeline per case).
 */
class HearingTest {

    final Links links = new Links(Map.of(), T0);
    final List<Change> history = new ArrayList<>();

    @Test
    void aBrokerOutageIsUnknownThenCatchingUpThenHeardAgainByTheFirstMarkPublishedAfterIt() {
        online("k1", T0);
        Instant lost = T0.plusSeconds(10);
        Instant back = T0.plusSeconds(200);
        links.brokerDown(lost);
        commit();
        assertEquals(new Links.Link(LinkState.UNKNOWN, lost, Change.Reason.BROKER_DOWN, T0), links.get("k1"));

        links.apply(new Sign.Mark(back.minusSeconds(10), back.minusSeconds(10))); // k1's deadline has passed
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        commit();
        assertEquals(LinkState.UNKNOWN, links.get("k1").state(), "no silence is judged while the hub cannot hear");

        links.brokerUp(back);
        commit();
        assertEquals(Change.Reason.CATCHING_UP, links.get("k1").reason());
        links.apply(new Sign.Mark(back.minusSeconds(1), back.plusSeconds(1)));
        commit();
        assertFalse(links.hearing().hears(), "a mark published before the hub joined again says nothing of the backlog");

        Instant caughtUp = back.plusSeconds(30);
        links.apply(new Sign.Mark(back.plusMillis(5), caughtUp));
        commit();
        assertTrue(links.hearing().hears());
        assertEquals(caughtUp, links.hearing().since());
        assertEquals(LinkState.UNKNOWN, links.get("k1").state(), "not heard from: unknown until judged");

        mark(caughtUp.plus(TWO_MINUTES).minusSeconds(1));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes(), "silence is measured from when the hub heard again");
        mark(caughtUp.plus(TWO_MINUTES));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        commit();
        assertEquals(List.of(
                change(T0, LinkState.UNKNOWN, LinkState.ONLINE, Change.Reason.MESSAGE),
                change(lost, LinkState.ONLINE, LinkState.UNKNOWN, Change.Reason.BROKER_DOWN),
                change(back, LinkState.UNKNOWN, LinkState.UNKNOWN, Change.Reason.CATCHING_UP),
                change(caughtUp.plus(TWO_MINUTES), LinkState.UNKNOWN, LinkState.OFFLINE, Change.Reason.SILENT)), history);
    }

    @Test
    void whatTheBacklogSaysIsAppliedWhenTheHubHearsAgainAndTheLastWordCounts() {
        online("k1", T0);
        online("k2", T0);
        links.brokerDown(T0.plusSeconds(1));
        links.brokerUp(T0.plusSeconds(60));
        commit();
        links.apply(new Sign.Message("k1", T0.plusSeconds(61)));
        links.apply(new Sign.Status("k1", false, true, T0.plusSeconds(62)));  // its will, replayed
        links.apply(new Sign.Status("k2", false, false, T0.plusSeconds(62)));
        links.apply(new Sign.Message("k2", T0.plusSeconds(63)));           // and back again
        assertTrue(links.changes().isEmpty(), "nothing heard while catching up can be placed in time");
        Instant caughtUp = T0.plusSeconds(70);
        links.apply(new Sign.Mark(T0.plusSeconds(60), caughtUp));
        commit();
        assertEquals(new Links.Link(LinkState.OFFLINE, caughtUp, Change.Reason.STATUS_OFFLINE, T0.plusSeconds(61)),
                links.get("k1"));
        assertEquals(new Links.Link(LinkState.ONLINE, caughtUp, Change.Reason.MESSAGE, T0.plusSeconds(63)),
                links.get("k2"));
    }

    @Test
    void aHubThatStartsMakesItsDowntimeUnknownFromWhenItWasLastAlive() {
        Instant lastAlive = T0.plusSeconds(30);
        Links stored = new Links(Map.of(
                "k1", new Links.Link(LinkState.ONLINE, T0, Change.Reason.MESSAGE, T0.plusSeconds(29)),
                // changed after the last liveness record, committed before the crash
                "k2", new Links.Link(LinkState.OFFLINE, T0.plusSeconds(33), Change.Reason.STATUS_OFFLINE, T0)),
                T0.plusSeconds(600));
        stored.started(lastAlive);
        assertEquals(List.of(
                new Change("k1", lastAlive, LinkState.ONLINE, LinkState.UNKNOWN, Change.Reason.HUB_DOWN),
                new Change("k2", T0.plusSeconds(33).plusNanos(1_000), LinkState.OFFLINE, LinkState.UNKNOWN,
                        Change.Reason.HUB_DOWN)),
                stored.changes().stream().sorted(java.util.Comparator.comparing(Change::deviceId)).toList(),
                "never a change dated before the device's previous one");
        stored.commit();
        stored.brokerUp(T0.plusSeconds(601));
        assertEquals(Change.Reason.CATCHING_UP, stored.hearing().deafness());
    }

    @Test
    void aDatabaseOutageIsUnknownAndItsEndIsCaughtUpLikeAnyOther() {
        online("k1", T0);
        links.databaseDown(T0.plusSeconds(5));
        links.databaseUp(T0.plusSeconds(65));
        commit();
        assertEquals(List.of(Change.Reason.MESSAGE, Change.Reason.DATABASE_DOWN, Change.Reason.CATCHING_UP),
                history.stream().map(Change::reason).toList());
    }

    @Test
    void theBrokerComingBackWhileTheDatabaseIsAwayIsNotYetCatchingUp() {
        online("k1", T0);
        links.databaseDown(T0.plusSeconds(5));
        links.brokerDown(T0.plusSeconds(6));
        links.brokerUp(T0.plusSeconds(7));
        assertEquals(Change.Reason.DATABASE_DOWN, links.hearing().deafness());
        links.databaseUp(T0.plusSeconds(8));
        assertEquals(Change.Reason.CATCHING_UP, links.hearing().deafness());
        assertEquals(T0.plusSeconds(8), links.hearing().catchUpFrom());
    }

    @Test
    void aMessageReceivedBeforeTheHubStoppedHearingButCommittedAfterOnlyCountsAsLastSeen() {
        links.brokerDown(T0.plusSeconds(10));
        commit();
        links.apply(new Sign.Message("k1", T0.plusSeconds(9)));
        links.brokerUp(T0.plusSeconds(20));
        links.apply(new Sign.Mark(T0.plusSeconds(20), T0.plusSeconds(21)));
        commit();
        assertEquals(new Links.Link(LinkState.UNKNOWN, T0.plusSeconds(20), Change.Reason.CATCHING_UP, T0.plusSeconds(9)),
                links.get("k1"), "no verdict: not online at the moment the hub heard again");
    }

    @Test
    void withoutMarksTheHubCanBeToldItHasCaughtUp() {
        online("k1", T0);
        links.brokerDown(T0.plusSeconds(1));
        links.brokerUp(T0.plusSeconds(2));
        links.apply(new Sign.Message("k1", T0.plusSeconds(3)));
        links.assumeCaughtUp(T0.plusSeconds(900));
        commit();
        assertEquals(new Links.Link(LinkState.ONLINE, T0.plusSeconds(900), Change.Reason.MESSAGE, T0.plusSeconds(3)),
                links.get("k1"));
        assertEquals(T0.plusSeconds(900), links.hearing().heardUntil());
    }

    private void online(String id, Instant at) {
        links.apply(new Sign.Message(id, at));
        commit();
    }

    private void mark(Instant at) {
        links.apply(new Sign.Mark(at, at));
        commit();
    }

    private void commit() {
        history.addAll(links.changes());
        links.commit();
    }

    private static Change change(Instant at, LinkState from, LinkState to, Change.Reason reason) {
        return new Change("k1", at, from, to, reason);
    }
}
