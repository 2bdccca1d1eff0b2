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

class LinksTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    static final DeviceDirectory.Entry KIOSK =
            new DeviceDirectory.Entry("k1", DeviceClass.KIOSK, DeviceState.ACTIVE, "230103004001", null);
    static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    final Links links = new Links(Map.of(), T0);

    @Test
    void aMessageMakesAnUnknownDeviceOnline() {
        links.seen("k1", T0.plusSeconds(10));
        assertEquals(List.of(new Change("k1", T0.plusSeconds(10), LinkState.UNKNOWN, LinkState.ONLINE,
                Change.Reason.MESSAGE)), links.changes());
        links.commit();
        assertEquals(LinkState.ONLINE, links.get("k1").state());
        assertEquals(T0.plusSeconds(10), links.get("k1").lastSeen());
    }

    @Test
    void heartbeatsWithinTheAllowedSilenceKeepItOnlineWithoutChanges() {
        online("k1", T0);
        links.seen("k1", T0.plusSeconds(60));
        links.silent(T0.plusSeconds(150), List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
    }

    @Test
    void silenceBeyondTheDeadlineMakesItOfflineAtTheDeadline() {
        online("k1", T0);
        links.silent(T0.plusSeconds(119), List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
        links.silent(T0.plusSeconds(130), List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(new Change("k1", T0.plusSeconds(120), LinkState.ONLINE, LinkState.OFFLINE,
                Change.Reason.SILENT)), links.changes());
    }

    @Test
    void aDeviceNeverHeardFromIsOfflineOnceTheHubHasWatchedLongEnough() {
        links.silent(T0.plusSeconds(121), List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(new Change("k1", T0.plusSeconds(120), LinkState.UNKNOWN, LinkState.OFFLINE,
                Change.Reason.SILENT)), links.changes());
    }

    @Test
    void decommissionedDevicesAreNotJudged() {
        DeviceDirectory.Entry retired = new DeviceDirectory.Entry("k2", DeviceClass.KIOSK, DeviceState.DECOMMISSIONED,
                "230103004001", null);
        links.silent(T0.plusSeconds(600), List.of(retired), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
    }

    @Test
    void aWillMakesItOfflineAtOnceAndTheNextMessageOnlineAgain() {
        online("k1", T0);
        links.status("k1", false, false, T0.plusSeconds(5));
        links.commit();
        assertEquals(LinkState.OFFLINE, links.get("k1").state());
        assertEquals(Change.Reason.STATUS_OFFLINE, links.get("k1").reason());
        links.seen("k1", T0.plusSeconds(30));
        assertEquals(LinkState.ONLINE, links.get("k1").state());
        assertEquals(Change.Reason.MESSAGE, links.get("k1").reason());
    }

    @Test
    void aRetainedOnlineDecidesNothingButARetainedOfflineDoes() {
        links.status("k1", true, true, T0);
        assertEquals(List.of(), links.changes());
        links.status("k1", false, true, T0);
        assertEquals(LinkState.OFFLINE, links.get("k1").state());
    }

    @Test
    void timeTheHubCouldNotObserveIsUnknownNotOffline() {
        online("k1", T0);
        Instant down = T0.plusSeconds(30);
        Instant back = T0.plusSeconds(3600);
        links.gap(down, back, Change.Reason.HUB_DOWN);
        links.commit();
        assertEquals(new Links.Link(LinkState.UNKNOWN, down, Change.Reason.HUB_DOWN, T0), links.get("k1"));
        // silence is counted from the moment the hub could watch again, not from the last message
        links.silent(back.plusSeconds(100), List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(List.of(), links.changes());
        links.silent(back.plusSeconds(121), List.of(KIOSK), device -> TWO_MINUTES);
        assertEquals(back.plus(TWO_MINUTES), links.changes().get(0).at());
    }

    @Test
    void aRolledBackProposalLeavesTheCommittedStateAsItWas() {
        online("k1", T0);
        links.status("k1", false, false, T0.plusSeconds(1));
        links.rollback();
        assertEquals(LinkState.ONLINE, links.get("k1").state());
        assertTrue(links.changes().isEmpty());
    }

    private void online(String id, Instant at) {
        links.seen(id, at);
        links.commit();
    }
}
