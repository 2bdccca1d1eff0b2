package org.communityhub.connectivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.communityhub.devices.DeviceClass;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.junit.jupiter.api.Test;

/** Connectivity while the hub hears: messages, silence, status and will. Deafness is {@link HearingTest}'s. */
class LinksTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    static final DeviceDirectory.Entry KIOSK =
            new DeviceDirectory.Entry("k1", DeviceClass.KIOSK, DeviceState.ACTIVE, "230103004001", null, false);
    static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    final Links links = new Links(Map.of(), T0);

    @Test
    void aMessageMakesAnUnknownDeviceOnline() {
        links.apply(new Sign.Message("k1", T0.plusSeconds(10)));
        assertEquals(List.of(new Change("k1", T0.plusSeconds(10), LinkState.UNKNOWN, LinkState.ONLINE,
                Change.Reason.MESSAGE)), links.changes());
        links.commit();
        assertEquals(LinkState.ONLINE, links.get("k1").state());
        assertEquals(T0.plusSeconds(10), links.get("k1").lastSeen());
    }

    @Test
    void heartbeatsWithinTheAllowedSilenceKeepItOnlineWithoutChanges() {
        online("k1", T0);
        links.apply(new Sign.Message("k1", T0.plusSeconds(60)));
        heardUntil(T0.plusSeconds(150));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
    }

    @Test
    void silenceBeyondTheDeadlineMakesItOfflineAtTheDeadline() {
        online("k1", T0);
        heardUntil(T0.plusSeconds(119));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
        heardUntil(T0.plusSeconds(130));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(new Change("k1", T0.plusSeconds(120), LinkState.ONLINE, LinkState.OFFLINE,
                Change.Reason.SILENT)), links.changes());
    }

    @Test
    void silenceIsJudgedOnlyUpToTheNewestMarkThatCameBack() {
        online("k1", T0);
        // the hub's marks are 40 s behind: messages published since may still wait at the broker
        heardUntil(T0.plusSeconds(100));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes(), "a deadline the marks have not passed is not judged");
        links.apply(new Sign.Message("k1", T0.plusSeconds(140)));
        links.commit();
        assertEquals(LinkState.ONLINE, links.get("k1").state(), "the backlog brought its message: never offline");
    }

    @Test
    void withoutAnyMarkNothingIsJudged() {
        online("k1", T0);
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
    }

    @Test
    void aDeviceNeverHeardFromIsOfflineOnceTheHubHasWatchedLongEnough() {
        heardUntil(T0.plusSeconds(121));
        links.silent(List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(new Change("k1", T0.plusSeconds(120), LinkState.UNKNOWN, LinkState.OFFLINE,
                Change.Reason.SILENT)), links.changes());
    }

    @Test
    void decommissionedDevicesAreNotJudged() {
        DeviceDirectory.Entry retired = new DeviceDirectory.Entry("k2", DeviceClass.KIOSK, DeviceState.DECOMMISSIONED,
                "230103004001", null, false);
        heardUntil(T0.plusSeconds(600));
        links.silent(List.of(retired), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
    }

    @Test
    void aWillMakesItOfflineAtOnceAndTheNextMessageOnlineAgain() {
        online("k1", T0);
        links.apply(new Sign.Status("k1", false, false, T0.plusSeconds(5)));
        links.commit();
        assertEquals(LinkState.OFFLINE, links.get("k1").state());
        assertEquals(Change.Reason.STATUS_OFFLINE, links.get("k1").reason());
        links.apply(new Sign.Message("k1", T0.plusSeconds(30)));
        assertEquals(LinkState.ONLINE, links.get("k1").state());
        assertEquals(Change.Reason.MESSAGE, links.get("k1").reason());
    }

    @Test
    void aRetainedOnlineDecidesNothingButARetainedOfflineDoes() {
        links.apply(new Sign.Status("k1", true, true, T0));
        assertEquals(List.of(), links.changes());
        links.apply(new Sign.Status("k1", false, true, T0));
        assertEquals(LinkState.OFFLINE, links.get("k1").state());
    }

    @Test
    void aChangeThatWouldLandAtOrBeforeThePreviousOneComesAMicrosecondAfterIt() {
        online("k1", T0.plusSeconds(10));
        links.apply(new Sign.Status("k1", false, false, T0.plusSeconds(10)));
        assertEquals(T0.plusSeconds(10).plusNanos(1_000), links.changes().get(0).at());
    }

    @Test
    void timesAreKeptInMicrosecondsAsTheDatabaseKeepsThem() {
        links.apply(new Sign.Message("k1", T0.plusNanos(1_999)));
        assertEquals(T0.plusNanos(1_000), links.changes().get(0).at());
    }

    @Test
    void aRolledBackProposalLeavesTheCommittedStateAsItWas() {
        online("k1", T0);
        links.apply(new Sign.Status("k1", false, false, T0.plusSeconds(1)));
        links.rollback();
        assertEquals(LinkState.ONLINE, links.get("k1").state());
        assertTrue(links.changes().isEmpty());
    }

    @Test
    void lastSeenTimesAreUnsavedUntilSavedAndANewerOneStaysUnsaved() {
        online("k1", T0);
        Map<String, Instant> unsaved = links.unsaved();
        assertEquals(Map.of("k1", T0), unsaved);
        links.apply(new Sign.Message("k1", T0.plusSeconds(5)));
        links.commit();
        links.saved(unsaved);
        assertEquals(Map.of("k1", T0.plusSeconds(5)), links.unsaved(), "heard again while the older time was saved");
        links.saved(links.unsaved());
        assertEquals(Map.of(), links.unsaved());
    }

    private void online(String id, Instant at) {
        links.apply(new Sign.Message(id, at));
        links.commit();
    }

    private void heardUntil(Instant at) {
        links.apply(new Sign.Mark(at, at));
        links.commit();
    }
}
