package org.communityhub.connectivity;

import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.communityhub.database.Leases;
import org.communityhub.devices.DeviceDirectory;
import org.jboss.logging.Logger;

/**
 * Connectivity decided once for several replicas sharing the device stream
 * (docs/connectivity.md#several-replicas). Every replica leaves the signs of the messages it commits
 * in the database, with its own hearing; the replica holding the {@value #JOB} lease takes the
 * signs, applies them in time order to its {@link Links} with what the replicas hear together
 * ({@link SharedHearing}), looks for silence, and stores the changes, all in one transaction that
 * also renews the lease: two replicas never judge at once, and a failed round leaves the signs for
 * the next.
 */
final class Judge {

    static final String JOB = "connectivity-judge";

    private static final Logger LOG = Logger.getLogger(Judge.class);

    private final ConnectivityStore store;
    private final DeviceDirectory directory;
    private final ConnectivityConfig config;
    private final Event<ConnectivityChanged> changed;
    private final String replica;
    private final io.micrometer.core.instrument.Timer rounds;
    /** All devices' links while this replica judges; null while another does. */
    private Links links;
    /** The round in progress: whether it holds the lease, and the last-seen times it stores. */
    private boolean held;
    private Map<String, Instant> saving = Map.of();

    Judge(ConnectivityStore store, DeviceDirectory directory, ConnectivityConfig config,
            Event<ConnectivityChanged> changed, String replica, io.micrometer.core.instrument.Timer rounds) {
        this.rounds = rounds;
        this.store = store;
        this.directory = directory;
        this.config = config;
        this.changed = changed;
        this.replica = replica;
    }

    /** Whether this replica judges (as of its last round). */
    boolean judging() {
        return links != null;
    }

    /** One round: judges if this replica holds the lease or takes it over; nothing otherwise. */
    void round(Instant now) throws SQLException {
        long started = System.nanoTime();
        try {
            judge(now);
        } finally {
            if (links != null) {
                rounds.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    private void judge(Instant now) throws SQLException {
        Duration tenure = config.sweepInterval().multipliedBy(3);
        try {
            store.inTransaction(connection -> {
                held = Leases.hold(connection, JOB, replica, tenure);
                if (!held) {
                    return;
                }
                if (links == null) {
                    links = new Links(store.load(connection), now);
                    LOG.infof("connectivity: this replica (%s) judges the connectivity of every device now", replica);
                }
                Hearing shared = SharedHearing.of(store.replicas(connection), now, tenure);
                List<Sign> signs = store.takeSigns(connection);
                int next = 0;
                while (next < signs.size() && !signs.get(next).at().isAfter(shared.since())) {
                    links.apply(signs.get(next++));
                }
                links.hearAs(shared);
                while (next < signs.size()) {
                    links.apply(signs.get(next++));
                }
                links.silent(directory.all(), config::allowedSilence);
                links.behind(directory.all(), config::allowedSilence, now.minus(config.replicaGrace()));
                store.write(connection, links.changes(), links.changed());
                saving = links.unsaved();
                store.saveLastSeen(connection, saving);
            });
        } catch (SQLException | RuntimeException e) {
            if (links != null) {
                links.rollback();
            }
            throw e;
        }
        if (!held) {
            if (links != null) {
                LOG.infof("connectivity: another replica judges connectivity now; %s stops", replica);
                links = null;
            }
            return;
        }
        List<Change> changes = links.changes();
        links.commit();
        links.saved(saving);
        if (!changes.isEmpty()) {
            changed.fire(new ConnectivityChanged(changes));
        }
    }

    /** This replica stops: another may judge at once. */
    void stop(Leases leases) {
        if (links == null) {
            return;
        }
        try {
            leases.release(JOB, replica);
        } catch (SQLException e) {
            LOG.debugf("connectivity: could not hand judging over at stop (%s); another replica takes it after %s",
                    e.getMessage(), config.sweepInterval().multipliedBy(3));
        }
        links = null;
    }
}
