package org.communityhub.connectivity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;

/**
 * Every device's connectivity, decided from the data: online while its messages arrive within
 * offline-factor × its expected interval, offline when they stop or its status (or will) says so,
 * unknown while the hub cannot hear ({@link Hearing}). Decisions use the hub's receive time, never
 * device clocks. The whole policy, with a timeline per case, is in docs/connectivity.md.
 *
 * <ul>
 * <li>When the hub stops hearing, every known device becomes UNKNOWN with the reason.</li>
 * <li>What is heard meanwhile (a message, a will) cannot be placed in time: it is kept as the
 * device's verdict and applied at the moment the hub hears again.</li>
 * <li>Silence is judged only while the hub hears, measured from the later of the device's last
 * message and the moment hearing resumed, and only for deadlines the hub's marks have passed: a
 * device whose messages still wait at the broker is never declared silent.</li>
 * <li>A device's changes are strictly increasing in time: one that would land at or before the
 * previous one is placed a microsecond after it.</li>
 * </ul>
 *
 * <p>Changes are proposed first and {@link #commit() committed} only after they are stored, so a
 * failed write proposes them again. Not thread-safe: {@link Connectivity} guards it.
 */
public class Links {

    private static final Duration TICK = Duration.ofNanos(1_000);

    /** A device's connectivity, since when, and when the hub last heard from it. */
    public record Link(LinkState state, Instant since, Change.Reason reason, Instant lastSeen) {
        static final Link NEVER_SEEN = new Link(LinkState.UNKNOWN, null, null, null);
    }

    /** What a device said while the hub could not hear, applied when it hears again. */
    private record Verdict(LinkState state, Change.Reason reason) {
    }

    private final Map<String, Link> committed = new HashMap<>();
    private final Map<String, Verdict> verdicts = new HashMap<>();
    private Hearing hearing;

    private final Map<String, Link> pending = new HashMap<>();
    private final Map<String, Verdict> pendingVerdicts = new HashMap<>();
    private boolean verdictsApplied;
    private Hearing pendingHearing;
    private final List<Change> changes = new ArrayList<>();
    /** Devices whose committed last-seen time is newer in memory than in the database. */
    private final Set<String> unsaved = new HashSet<>();

    /** @param stored the links as stored; the hub hears from {@code now} until told otherwise */
    public Links(Map<String, Link> stored, Instant now) {
        committed.putAll(stored);
        hearing = Hearing.hearing(now);
    }

    public Link get(String deviceId) {
        Link link = pending.get(deviceId);
        if (link == null) {
            link = committed.get(deviceId);
        }
        return link == null ? Link.NEVER_SEEN : link;
    }

    public Hearing hearing() {
        return pendingHearing != null ? pendingHearing : hearing;
    }

    /** The hub started; its previous run was last known alive at {@code lastAlive}. */
    public void started(Instant lastAlive) {
        hear(hearing().started(micros(lastAlive)));
    }

    public void brokerDown(Instant at) {
        hear(hearing().brokerDown(micros(at)));
    }

    public void brokerUp(Instant at) {
        hear(hearing().brokerUp(micros(at)));
    }

    public void databaseDown(Instant at) {
        hear(hearing().databaseDown(micros(at)));
    }

    public void databaseUp(Instant at) {
        hear(hearing().databaseUp(micros(at)));
    }

    /** No mark came back for too long: hear from {@code at} without one (docs/connectivity.md). */
    public void assumeCaughtUp(Instant at) {
        hear(hearing().assumeCaughtUp(micros(at)));
    }

    /**
     * What the replicas sharing the stream hear together now ({@link SharedHearing}); the judging
     * replica's links follow it instead of one hub's broker and database facts.
     */
    public void hearAs(Hearing shared) {
        Hearing before = hearing();
        Hearing next = new Hearing(shared.deafness(), micros(shared.since()), shared.joined(), shared.brokerUp(),
                shared.databaseUp(), null, shared.heardUntil() == null ? null : micros(shared.heardUntil()));
        if (next.deafness() != before.deafness() || !next.since().equals(before.since())
                || !Objects.equals(next.heardUntil(), before.heardUntil())) {
            hear(next);
        }
    }

    /** Applies what a committed message says. */
    public void apply(Sign sign) {
        if (sign instanceof Sign.Message message) {
            heard(message.deviceId(), micros(message.at()), LinkState.ONLINE, Change.Reason.MESSAGE, true);
        } else if (sign instanceof Sign.Status status && !status.online()) {
            heard(status.deviceId(), micros(status.at()), LinkState.OFFLINE, Change.Reason.STATUS_OFFLINE, false);
        } else if (sign instanceof Sign.Status status && !status.retained()) {
            heard(status.deviceId(), micros(status.at()), LinkState.ONLINE, Change.Reason.STATUS_ONLINE, true);
        } else if (sign instanceof Sign.Mark mark) {
            hear(hearing().marked(micros(mark.publishedAt()), micros(mark.at())));
        }
        // a retained online, replayed because the hub subscribed, says only that the device was online once
    }

    /** Devices whose messages stopped: offline from the moment their deadline passed. */
    public void silent(Collection<DeviceDirectory.Entry> devices,
            Function<DeviceDirectory.Entry, Duration> allowedSilence) {
        Hearing now = hearing();
        if (!now.hears() || now.heardUntil() == null) {
            return;
        }
        for (DeviceDirectory.Entry device : devices) {
            if (device.state() != DeviceState.ACTIVE) {
                continue;
            }
            Link link = get(device.id());
            if (link.state() == LinkState.OFFLINE) {
                continue;
            }
            Instant deadline = deadline(link, now, allowedSilence.apply(device));
            if (!deadline.isAfter(now.heardUntil())) {
                change(device.id(), deadline, LinkState.OFFLINE, Change.Reason.SILENT);
            }
        }
    }

    /**
     * Devices online whose deadline passed before {@code before} but after what the hub has heard
     * up to: their messages may wait in the session of a replica that is away, so they are unknown
     * from their deadline, not offline (docs/connectivity.md#several-replicas).
     */
    public void behind(Collection<DeviceDirectory.Entry> devices,
            Function<DeviceDirectory.Entry, Duration> allowedSilence, Instant before) {
        Hearing now = hearing();
        if (!now.hears() || now.heardUntil() == null || !before.isAfter(now.heardUntil())) {
            return;
        }
        for (DeviceDirectory.Entry device : devices) {
            Link link = get(device.id());
            if (device.state() != DeviceState.ACTIVE || link.state() != LinkState.ONLINE) {
                continue;
            }
            Instant deadline = deadline(link, now, allowedSilence.apply(device));
            if (deadline.isAfter(now.heardUntil()) && deadline.isBefore(before)) {
                change(device.id(), deadline, LinkState.UNKNOWN, Change.Reason.REPLICA_BEHIND);
            }
        }
    }

    /**
     * When the device's silence becomes too long: {@code allowed} after the later of its last message
     * and the moment the hub began to hear.
     */
    private static Instant deadline(Link link, Hearing now, Duration allowed) {
        Instant from = link.lastSeen() == null || link.lastSeen().isBefore(now.since()) ? now.since() : link.lastSeen();
        return micros(from.plus(allowed));
    }

    /** The proposed changes, in the order they were proposed. */
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

    /** Committed last-seen times not yet stored: every device heard from since the last {@link #saved}. */
    public Map<String, Instant> unsaved() {
        Map<String, Instant> lastSeen = new HashMap<>();
        for (String id : unsaved) {
            lastSeen.put(id, committed.get(id).lastSeen());
        }
        return lastSeen;
    }

    /** These last-seen times are stored now; a device heard from again meanwhile stays unsaved. */
    public void saved(Map<String, Instant> stored) {
        for (Map.Entry<String, Instant> entry : stored.entrySet()) {
            Link link = committed.get(entry.getKey());
            if (link != null && entry.getValue().equals(link.lastSeen())) {
                unsaved.remove(entry.getKey());
            }
        }
    }

    public void commit() {
        for (Map.Entry<String, Link> link : pending.entrySet()) {
            Link before = committed.put(link.getKey(), link.getValue());
            if (link.getValue().lastSeen() != null
                    && (before == null || !link.getValue().lastSeen().equals(before.lastSeen()))) {
                unsaved.add(link.getKey());
            }
        }
        if (verdictsApplied) {
            verdicts.clear();
        }
        verdicts.putAll(pendingVerdicts);
        if (pendingHearing != null) {
            hearing = pendingHearing;
        }
        rollback();
    }

    public void rollback() {
        pending.clear();
        pendingVerdicts.clear();
        verdictsApplied = false;
        pendingHearing = null;
        changes.clear();
    }

    private void hear(Hearing next) {
        Hearing before = hearing();
        pendingHearing = next;
        if (!next.hears() && next.deafness() != before.deafness()) {
            for (String id : devices()) {
                Link link = get(id);
                if (link.state() != LinkState.UNKNOWN || link.reason() != next.deafness()) {
                    change(id, next.since(), LinkState.UNKNOWN, next.deafness());
                }
            }
        } else if (next.hears() && !before.hears()) {
            for (Map.Entry<String, Verdict> verdict : currentVerdicts().entrySet()) {
                change(verdict.getKey(), next.since(), verdict.getValue().state(), verdict.getValue().reason());
            }
            verdictsApplied = true;
            pendingVerdicts.clear();
        }
    }

    /**
     * A message from the device at {@code at}: {@code to} with {@code reason}, at once while the hub
     * hears, as a verdict while it does not. Older than the device's last change (it was received
     * before the hub stopped hearing, and committed after): only its last-seen time counts.
     */
    private void heard(String deviceId, Instant at, LinkState to, Change.Reason reason, boolean seen) {
        Link link = get(deviceId);
        if (seen && (link.lastSeen() == null || at.isAfter(link.lastSeen()))) {
            link = new Link(link.state(), link.since(), link.reason(), at);
            pending.put(deviceId, link);
        }
        Hearing now = hearing();
        if (!now.hears()) {
            if (at.isAfter(now.since())) {
                pendingVerdicts.put(deviceId, new Verdict(to, reason));
            }
        } else if ((link.since() == null || !at.isBefore(link.since())) && link.state() != to) {
            change(deviceId, at, to, reason);
        }
    }

    private void change(String deviceId, Instant at, LinkState to, Change.Reason reason) {
        Link link = get(deviceId);
        Instant when = link.since() != null && !at.isAfter(link.since()) ? link.since().plus(TICK) : at;
        changes.add(new Change(deviceId, when, link.state(), to, reason));
        pending.put(deviceId, new Link(to, when, reason, link.lastSeen()));
    }

    private Set<String> devices() {
        Set<String> ids = new HashSet<>(committed.keySet());
        ids.addAll(pending.keySet());
        return ids;
    }

    private Map<String, Verdict> currentVerdicts() {
        Map<String, Verdict> current = new HashMap<>(verdictsApplied ? Map.of() : verdicts);
        current.putAll(pendingVerdicts);
        return current;
    }

    /** The database keeps microseconds: deciding in them keeps a device's changes distinct and ordered as stored. */
    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
