package org.communityhub.connectivity;

import java.time.Instant;

/**
 * Whether the hub can hear its devices, and if not, why (docs/connectivity.md). The hub hears when
 * it has joined the broker, the database takes what it receives, and it has drained what the broker
 * queued while it could not hear; the last is known when one of its own catch-up marks, published
 * after it could hear again, comes back through the stream ({@link #marked}).
 *
 * @param deafness    why the hub cannot hear, or null while it hears
 * @param since       when the current deafness, or the current hearing, began
 * @param joined      whether the hub has joined the broker since it started
 * @param brokerUp    whether the hub's broker session is up
 * @param databaseUp  whether the database takes what the hub receives
 * @param catchUpFrom while catching up: a mark published at or after this ends the catch-up
 * @param heardUntil  the publication time of the newest mark that came back: every message the
 *                    broker had for the hub before it is committed (null before the first)
 */
public record Hearing(Change.Reason deafness, Instant since, boolean joined, boolean brokerUp, boolean databaseUp,
        Instant catchUpFrom, Instant heardUntil) {

    /** A hub that hears, as far as anyone knows (before its state is loaded). */
    static Hearing hearing(Instant since) {
        return new Hearing(null, since, true, true, true, null, null);
    }

    /** A hub that has just started: it heard nothing since {@code lastAlive}, the end of its previous run. */
    Hearing started(Instant lastAlive) {
        return new Hearing(Change.Reason.HUB_DOWN, lastAlive, false, false, databaseUp, null, heardUntil);
    }

    public boolean hears() {
        return deafness == null;
    }

    Hearing brokerDown(Instant at) {
        return next(joined, false, databaseUp, at);
    }

    Hearing brokerUp(Instant at) {
        return next(true, true, databaseUp, at);
    }

    Hearing databaseDown(Instant at) {
        return next(joined, brokerUp, false, at);
    }

    Hearing databaseUp(Instant at) {
        return next(joined, brokerUp, true, at);
    }

    /** One of the hub's marks came back: published at {@code publishedAt}, received at {@code receivedAt}. */
    Hearing marked(Instant publishedAt, Instant receivedAt) {
        Instant until = heardUntil == null || publishedAt.isAfter(heardUntil) ? publishedAt : heardUntil;
        if (deafness == Change.Reason.CATCHING_UP && !publishedAt.isBefore(catchUpFrom)) {
            return new Hearing(null, receivedAt, joined, brokerUp, databaseUp, null, until);
        }
        return new Hearing(deafness, since, joined, brokerUp, databaseUp, catchUpFrom, until);
    }

    /** Catching up without a mark: the broker does not return them (docs/connectivity.md). */
    Hearing assumeCaughtUp(Instant at) {
        Instant until = heardUntil == null || at.isAfter(heardUntil) ? at : heardUntil;
        return deafness == Change.Reason.CATCHING_UP
                ? new Hearing(null, at, joined, brokerUp, databaseUp, null, until)
                : new Hearing(deafness, since, joined, brokerUp, databaseUp, catchUpFrom, until);
    }

    private Hearing next(boolean joined, boolean brokerUp, boolean databaseUp, Instant at) {
        Change.Reason reason = !joined ? Change.Reason.HUB_DOWN
                : !brokerUp ? Change.Reason.BROKER_DOWN
                : !databaseUp ? Change.Reason.DATABASE_DOWN
                : null;
        if (reason != null) {
            return new Hearing(reason, reason == deafness ? since : at, joined, brokerUp, databaseUp, null, heardUntil);
        }
        if (deafness == null) {
            return new Hearing(null, since, joined, brokerUp, databaseUp, null, heardUntil);
        }
        // everything is up again: what arrives now may have waited at the broker
        Instant from = deafness == Change.Reason.CATCHING_UP ? since : at;
        return new Hearing(Change.Reason.CATCHING_UP, from, joined, brokerUp, databaseUp, at, heardUntil);
    }
}
