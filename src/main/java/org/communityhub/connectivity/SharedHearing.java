package org.communityhub.connectivity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the replicas sharing the device stream hear together (docs/connectivity.md#several-replicas).
 * With a shared subscription each message reaches one replica, and while a replica is away the
 * broker may queue its share for it (Mosquitto goes on dispatching to a disconnected persistent
 * member), so:
 * <ul>
 * <li>the hub hears while at least one replica hears: a device that keeps talking is heard through
 * the others, and one replica's start, stop or death is no fleet-wide outage;</li>
 * <li>the hub has heard everything up to the oldest {@code heardUntil} of the replicas whose sessions
 * may hold messages (members and those still draining): silence is judged only up to there, so a
 * device whose messages wait in a dead replica's session is not declared silent;</li>
 * <li>a replica that has not written itself down for {@code aliveWithin} is taken as down since it
 * last did; when none hears, every device is unknown from when the last one stopped hearing.</li>
 * </ul>
 */
public final class SharedHearing {

    private SharedHearing() {
    }

    public static Hearing of(List<Replica> replicas, Instant now, Duration aliveWithin) {
        Instant heardUntil = null;
        Instant hearingSince = null;
        Replica lastDeaf = null;
        Instant lastDeafSince = null;
        for (Replica replica : replicas) {
            if (replica.membership() == Replica.Membership.LEFT) {
                continue;
            }
            if (heardUntil == null || replica.heardUntil().isBefore(heardUntil)) {
                heardUntil = replica.heardUntil();
            }
            boolean alive = replica.aliveAt().isAfter(now.minus(aliveWithin));
            Change.Reason deafness = replica.deafness() != null || alive ? replica.deafness() : Change.Reason.HUB_DOWN;
            Instant since = replica.deafness() != null || alive ? replica.since() : replica.aliveAt();
            if (deafness == null) {
                if (hearingSince == null || since.isBefore(hearingSince)) {
                    hearingSince = since;
                }
            } else if (lastDeafSince == null || since.isAfter(lastDeafSince)) {
                lastDeaf = replica;
                lastDeafSince = since;
            }
        }
        if (hearingSince != null) {
            return new Hearing(null, hearingSince, true, true, true, null, heardUntil);
        }
        if (lastDeaf == null) {
            // no replica at all: the hub never ran with this database, or every replica left
            return new Hearing(Change.Reason.HUB_DOWN, latestAlive(replicas, now), false, false, true, null, heardUntil);
        }
        Change.Reason reason = lastDeaf.deafness() != null ? lastDeaf.deafness() : Change.Reason.HUB_DOWN;
        return new Hearing(reason, lastDeafSince, reason != Change.Reason.HUB_DOWN,
                reason != Change.Reason.BROKER_DOWN, reason != Change.Reason.DATABASE_DOWN, null, heardUntil);
    }

    private static Instant latestAlive(List<Replica> replicas, Instant now) {
        Instant latest = null;
        for (Replica replica : replicas) {
            if (latest == null || replica.aliveAt().isAfter(latest)) {
                latest = replica.aliveAt();
            }
        }
        return latest == null ? now : latest;
    }
}
