package org.communityhub.connectivity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;

/**
 * Every device's connectivity, decided from the data: online while its messages arrive within
 * offline-factor × its expected interval, offline when they stop or its status (or will) says so,
 * unknown while the hub could not observe. Decisions use the hub's receive time, never device clocks.
 *
 * <p>Changes are proposed first and {@link #commit() committed} only after they are stored, so a
 * failed write proposes them again. Not thread-safe: one thread (the ingest writer) owns it.
 */
public class Links {

    /** A device's connectivity, since when, and when the hub last heard from it. */
    public record Link(LinkState state, Instant since, Change.Reason reason, Instant lastSeen) {
        static final Link NEVER_SEEN = new Link(LinkState.UNKNOWN, null, null, null);
    }

    private final Map<String, Link> committed = new HashMap<>();
    private final Map<String, Link> pending = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();
    /** Devices whose committed link (if only its last-seen time) is newer in memory than in the database. */
    private final Set<String> unsaved = new HashSet<>();
    private Instant observedFrom;
    private Instant pendingObservedFrom;

    /** @param observedFrom since when the hub has been taking messages */
    public Links(Map<String, Link> stored, Instant observedFrom) {
        committed.putAll(stored);
        this.observedFrom = observedFrom;
    }

    public Link get(String deviceId) {
        Link link = pending.get(deviceId);
        if (link == null) {
            link = committed.get(deviceId);
        }
        return link == null ? Link.NEVER_SEEN : link;
    }

    /** A message from the device arrived at {@code at}. */
    public void seen(String deviceId, Instant at) {
        online(deviceId, at, Change.Reason.MESSAGE);
    }

    /**
     * The device's status topic said {@code online} or {@code offline}. A retained {@code online},
     * delivered because the hub subscribed, only says that the device was online once: it decides
     * nothing. A retained {@code offline} (a will) does.
     */
    public void status(String deviceId, boolean online, boolean retained, Instant at) {
        if (online && !retained) {
            online(deviceId, at, Change.Reason.STATUS_ONLINE);
        } else if (!online) {
            Link link = get(deviceId);
            if (link.state() != LinkState.OFFLINE) {
                change(deviceId, at, link, LinkState.OFFLINE, Change.Reason.STATUS_OFFLINE);
            }
        }
    }

    /** Devices whose messages stopped: offline from the moment their deadline passed. */
    public void silent(Instant now, Collection<DeviceDirectory.Entry> devices,
            Function<DeviceDirectory.Entry, Duration> allowedSilence) {
        Instant observed = pendingObservedFrom != null ? pendingObservedFrom : observedFrom;
        for (DeviceDirectory.Entry device : devices) {
            if (device.state() != DeviceState.ACTIVE) {
                continue;
            }
            Link link = get(device.id());
            if (link.state() == LinkState.OFFLINE) {
                continue;
            }
            Instant from = link.lastSeen() == null || link.lastSeen().isBefore(observed) ? observed : link.lastSeen();
            Instant deadline = from.plus(allowedSilence.apply(device));
            if (!now.isBefore(deadline)) {
                change(device.id(), deadline, link, LinkState.OFFLINE, Change.Reason.SILENT);
            }
        }
    }

    /** The hub could not observe from {@code from} until {@code until}: every known device is unknown then. */
    public void gap(Instant from, Instant until, Change.Reason reason) {
        for (Map.Entry<String, Link> entry : committed.entrySet()) {
            Link link = get(entry.getKey());
            if (link.state() != LinkState.UNKNOWN) {
                change(entry.getKey(), from, link, LinkState.UNKNOWN, reason);
            }
        }
        pendingObservedFrom = until;
    }

    /** The proposed changes, oldest first as proposed. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The proposed links of the devices whose connectivity changed, to store with the changes. */
    public Map<String, Link> changed() {
        Map<String, Link> changed = new HashMap<>();
        for (Change change : changes) {
            changed.put(change.deviceId(), pending.get(change.deviceId()));
        }
        return changed;
    }

    /** Committed links not yet stored: every device seen since the last {@link #saved}. */
    public Map<String, Link> unsaved() {
        Map<String, Link> links = new HashMap<>();
        for (String id : unsaved) {
            links.put(id, committed.get(id));
        }
        return links;
    }

    /** These links are stored now. */
    public void saved(Collection<String> deviceIds) {
        unsaved.removeAll(deviceIds);
    }

    public void commit() {
        unsaved.addAll(pending.keySet());
        committed.putAll(pending);
        if (pendingObservedFrom != null) {
            observedFrom = pendingObservedFrom;
        }
        rollback();
    }

    public void rollback() {
        pending.clear();
        changes.clear();
        pendingObservedFrom = null;
    }

    private void online(String deviceId, Instant at, Change.Reason reason) {
        if (pendingObservedFrom != null && at.isBefore(pendingObservedFrom)) {
            at = pendingObservedFrom; // received during a gap: known only from its end
        }
        Link link = get(deviceId);
        Instant lastSeen = link.lastSeen() == null || at.isAfter(link.lastSeen()) ? at : link.lastSeen();
        if (link.state() == LinkState.ONLINE) {
            pending.put(deviceId, new Link(LinkState.ONLINE, link.since(), link.reason(), lastSeen));
        } else {
            changes.add(new Change(deviceId, at, link.state(), LinkState.ONLINE, reason));
            pending.put(deviceId, new Link(LinkState.ONLINE, at, reason, lastSeen));
        }
    }

    private void change(String deviceId, Instant at, Link link, LinkState to, Change.Reason reason) {
        changes.add(new Change(deviceId, at, link.state(), to, reason));
        pending.put(deviceId, new Link(to, at, reason, link.lastSeen()));
    }
}
