package org.communityhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.communityhub.alerts.AlertChanged;
import org.communityhub.alerts.Trail;
import org.communityhub.commands.BroadcastProgressed;
import org.communityhub.security.Scope;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The live stream's subscribers. Each gets the alert changes its caller may see, in trail-id order,
 * none twice and none missed: it starts with what was committed after the id it resumes from, and a
 * live change that skips ids (committed by another thread, published a moment later) first fetches
 * the ones in between from the trail. Each subscriber's deliveries run in order on the worker pool,
 * so a slow console holds up only itself.
 */
@ApplicationScoped
public class AlertStream {

    private static final Logger LOG = Logger.getLogger(AlertStream.class);
    private static final int PAGE = 500;

    /**
     * What a console receives: an alert change with its SSE id, or (named {@code broadcast}, without an
     * id, so it does not move the console's resume point) a broadcast's progress.
     */
    public record Event(Long id, String name, String data) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    AlertStream(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** A committed change: this replica's own, or one another replica committed ({@link TrailListener}). */
    @Incoming("alert-changes")
    void changed(AlertChanged change) {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(change);
        }
    }

    /** A broadcast's progress, to the subscribers whose areas hold it; not kept for a resuming console. */
    void progressed(@Observes BroadcastProgressed progressed) {
        String data;
        try {
            data = json.writeValueAsString(progressed.broadcast());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a broadcast could not be written as JSON", e);
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.scope.sees(progressed.broadcast().areaCode())) {
                subscriber.run(() -> subscriber.emitter.emit(new Event(null, "broadcast", data)));
            }
        }
    }

    /** Starts a subscriber that has seen everything up to {@code after} (null: from now on). */
    void subscribe(Scope scope, Long after, MultiEmitter<? super Event> emitter) {
        Subscriber subscriber = new Subscriber(scope, emitter);
        subscribers.add(subscriber);
        emitter.onTermination(() -> subscribers.remove(subscriber));
        subscriber.run(() -> {
            subscriber.lastSent = after != null ? after : latestId();
            subscriber.catchUp(Long.MAX_VALUE);
        });
    }

    private long latestId() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Trail.latestId(connection);
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws SQLException;
    }

    private final class Subscriber {
        private final Scope scope;
        private final MultiEmitter<? super Event> emitter;
        private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();
        /** The highest trail id handled; touched by this subscriber's tasks only, which run one at a time. */
        private long lastSent = -1;

        Subscriber(Scope scope, MultiEmitter<? super Event> emitter) {
            this.scope = scope;
            this.emitter = emitter;
        }

        void offer(AlertChanged change) {
            run(() -> {
                if (lastSent < 0 || change.eventId() <= lastSent) {
                    return; // still starting (the catch-up reads it), or sent already
                }
                if (change.eventId() > lastSent + 1) {
                    catchUp(change.eventId() - 1);
                }
                if (change.eventId() > lastSent) {
                    send(change);
                }
            });
        }

        /** Sends what the trail holds after {@code lastSent}, up to {@code upTo}. */
        void catchUp(long upTo) throws SQLException {
            while (true) {
                List<AlertChanged> page;
                try (Connection connection = dataSource.getConnection()) {
                    page = Trail.after(connection, lastSent, PAGE, json).stream()
                            .filter(change -> change.eventId() <= upTo).toList();
                }
                page.forEach(this::send);
                if (page.size() < PAGE) {
                    return;
                }
            }
        }

        private void send(AlertChanged change) {
            lastSent = change.eventId();
            if (scope.sees(change.alert().areaCode()) || scope.sees(change.areaCode())) {
                emitter.emit(new Event(change.eventId(), null, change.toJson(json).toString()));
            }
        }

        void run(Task task) {
            tasks.add(task);
            drain();
        }

        private void drain() {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    Task task;
                    while ((task = tasks.poll()) != null && !emitter.isCancelled()) {
                        task.run();
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.warnf("alerts: a live stream failed and is closed (the console resumes from its last id): %s",
                            e.toString());
                    emitter.fail(e);
                } finally {
                    running.set(false);
                }
                if (!tasks.isEmpty() && !emitter.isCancelled()) {
                    drain();
                }
            });
        }
    }
}
