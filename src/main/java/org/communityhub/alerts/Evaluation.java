package org.communityhub.alerts;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.devices.DeviceDirectory;

/**
 * One transaction of the alerting thread: what the rules' steps mean for the conditions they time
 * and the alerts they raise or resolve (maintenance consulted), written in one transaction; the
 * alert changes are published only once it commits. The conditions it works on are read from the
 * database and locked first ({@link #load}, {@link #loadTimed}), not kept in memory: replicas sharing
 * the stream each see a share of a device's messages, and each evaluation must start from what the
 * last one, on whichever replica, left.
 */
final class Evaluation implements AutoCloseable {

    private final Map<AlertStore.Key, Condition> conditions = new HashMap<>();
    private final AgroalDataSource dataSource;
    private final AlertStore store;
    private final Maintenance maintenance;
    private final AlertPublisher publisher;
    private final Duration reopenWithin;
    private final Instant now;
    private final Map<AlertStore.Key, Condition> changed = new HashMap<>();
    private final List<AlertChanged> published = new ArrayList<>();
    private Connection connection;

    Evaluation(AgroalDataSource dataSource, AlertStore store,
            Maintenance maintenance, AlertPublisher publisher, Duration reopenWithin, Instant now) {
        this.dataSource = dataSource;
        this.store = store;
        this.maintenance = maintenance;
        this.publisher = publisher;
        this.reopenWithin = reopenWithin;
        this.now = now;
    }

    /** Reads and locks the conditions of these devices, before anything is applied to them. */
    void load(java.util.Collection<String> deviceIds) throws SQLException {
        conditions.putAll(store.conditionsToEvaluate(connection(), deviceIds));
    }

    /** Reads and locks the conditions being timed that no other evaluation holds. */
    Map<AlertStore.Key, Condition> loadTimed() throws SQLException {
        Map<AlertStore.Key, Condition> timed = store.timedConditions(connection());
        conditions.putAll(timed);
        return timed;
    }

    /** Whether this evaluation holds {@code job} for its transaction ({@link org.communityhub.database.Leases#hold}). */
    boolean holds(String job, String holder, Duration tenure) throws SQLException {
        return org.communityhub.database.Leases.hold(connection(), job, holder, tenure);
    }

    void apply(DeviceDirectory.Entry device, Rule rule, Step step, Instant at, boolean hears) throws SQLException {
        AlertStore.Key key = new AlertStore.Key(device.id(), rule.id());
        Condition current = get(key);
        if (step instanceof Step.Hold hold) {
            if (current == null) {
                changed.put(key, Condition.since(hold.since(), hold.detail()));
            } else if (current.since() == null) {
                changed.put(key, current.resumed(hold.since(), hold.detail()));
            }
        } else if (step instanceof Step.Restart restart) {
            if (current != null && current.since() != null && !restart.since().isAfter(current.since())) {
                return;
            }
            if (current != null && current.status() == Condition.Status.FIRED && restart.resolution() != null) {
                resolve(key, restart.resolution());
            }
            changed.put(key, Condition.since(restart.since(), restart.detail()));
        } else if (step instanceof Step.Clear clear) {
            if (current != null) {
                changed.put(key, null);
                if (current.status() == Condition.Status.FIRED) {
                    resolve(key, clear.resolution());
                }
            }
            return;
        } else if (step instanceof Step.Pause pause) {
            if (current != null) {
                changed.put(key, current.paused(rule.tuning().hours(), pause.at()));
            }
            return;
        } else if (step instanceof Step.Raise raise) {
            raise(device, rule, raise);
            return;
        } else if (step instanceof Step.Resolve resolve) {
            resolve(key, resolve.resolution());
            return;
        } else {
            return;
        }
        Condition held = get(key);
        if (hears && held != null && held.status() != Condition.Status.FIRED) {
            fireIfDue(device, rule, key, held);
        }
    }

    void fireIfDue(DeviceDirectory.Entry device, Rule rule, AlertStore.Key key, Condition condition)
            throws SQLException {
        if (!rule.due(condition, now)) {
            return;
        }
        Optional<MaintenanceWindow> window = silencing(device, rule);
        if (window.isPresent()) {
            if (condition.status() != Condition.Status.SUPPRESSED) {
                store.suppressed(connection(), key, now, window.get().id(), condition.detail());
                changed.put(key, condition.with(Condition.Status.SUPPRESSED));
            }
            return;
        }
        store.raise(connection(), device, rule, condition.detail(), null, null, null, now, reopenWithin)
                .ifPresent(published::add);
        changed.put(key, condition.with(Condition.Status.FIRED));
    }

    private void raise(DeviceDirectory.Entry device, Rule rule, Step.Raise raise) throws SQLException {
        Optional<MaintenanceWindow> window = raise.urgent() ? Optional.empty() : silencing(device, rule);
        if (window.isPresent()) {
            store.suppressed(connection(), new AlertStore.Key(device.id(), rule.id()), now, window.get().id(),
                    raise.detail());
            return;
        }
        store.raise(connection(), device, rule, raise.detail(), raise.defect(), raise.triggerTs(), raise.triggerSeq(),
                now, reopenWithin).ifPresent(published::add);
    }

    private void resolve(AlertStore.Key key, String resolution) throws SQLException {
        store.autoResolve(connection(), key.deviceId(), key.rule(), resolution, now).ifPresent(published::add);
    }

    /** The maintenance window that silences the rule for the device now; never one for a life-safety rule. */
    private Optional<MaintenanceWindow> silencing(DeviceDirectory.Entry device, Rule rule) {
        return rule.lifeSafety() ? Optional.empty() : maintenance.covering(device, now);
    }

    private Condition get(AlertStore.Key key) {
        return changed.containsKey(key) ? changed.get(key) : conditions.get(key);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    void commit(Instant progress) throws SQLException {
        if (changed.isEmpty() && published.isEmpty() && progress == null && connection == null) {
            return;
        }
        store.saveConditions(connection(), changed);
        if (progress != null) {
            Replay.saveProgress(connection(), progress);
        }
        connection.commit();
        published.forEach(publisher::publish);
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }
}
