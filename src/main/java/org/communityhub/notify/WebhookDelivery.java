package org.communityhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communityhub.alerts.Trail;
import org.communityhub.alerts.AlertChanged;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Makes the deliveries the alert changes owe the webhooks (written with each change, so none is
 * lost when the hub stops): due ones are claimed for the length of an attempt ({@code FOR UPDATE
 * SKIP LOCKED}, so replicas share the work), sent without blocking a thread, and retried with
 * doubling waits until delivered or {@code webhook-max-attempts} is reached. A slow or failing
 * receiver holds one connection of its own: never ingestion, the live stream or other receivers.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final int BATCH = 200;

    private static final String CLAIM = """
            WITH due AS (SELECT id FROM webhook_deliveries WHERE state = 'PENDING' AND next_attempt_at <= now()
                          ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED),
                 claimed AS (UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => ?)
                               FROM due WHERE d.id = due.id RETURNING d.id, d.webhook_id, d.event_id, d.attempts)
            SELECT c.id, c.attempts, w.url, w.format, w.secret, %s
              FROM claimed c JOIN webhooks w ON w.id = c.webhook_id JOIN alert_trail t ON t.id = c.event_id
            """.formatted(Trail.COLUMNS);

    private static final String RECORD = """
            UPDATE webhook_deliveries
               SET attempts = attempts + 1, last_status = ?, last_error = ?,
                   state = CASE WHEN ? THEN 'DELIVERED' WHEN attempts + 1 >= ? THEN 'FAILED' ELSE 'PENDING' END,
                   delivered_at = CASE WHEN ? THEN now() END,
                   next_attempt_at = now() + make_interval(secs => ?)
             WHERE id = ?
            """;

    private record Due(long id, int attempts, String url, WebhookFormat format, String secret, AlertChanged change) {
    }

    private final AgroalDataSource dataSource;
    private final NotifyConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final HttpClient http;
    private final AtomicBoolean nudged = new AtomicBoolean();
    private ScheduledExecutorService thread;

    WebhookDelivery(AgroalDataSource dataSource, NotifyConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hub-webhooks");
            t.setDaemon(true);
            return t;
        });
        long period = config.webhookPollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::poll, 0, period, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                // a poll in progress finishes before the (embedded) database stops under it
                thread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An alert change was committed: the deliveries it owes are due now. */
    @Incoming("alert-changes")
    void changed(AlertChanged change) {
        if (thread != null && nudged.compareAndSet(false, true)) {
            thread.execute(() -> {
                nudged.set(false);
                poll();
            });
        }
    }

    /** Claims the due deliveries and sends them. Never throws. */
    void poll() {
        try {
            List<Due> due;
            do {
                due = claim();
                due.forEach(this::send);
            } while (due.size() == BATCH);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("webhooks: looking for due deliveries failed (trying again in %s): %s",
                    config.webhookPollInterval(), e.toString());
        }
    }

    private List<Due> claim() throws SQLException {
        double lease = config.webhookTimeout().plusSeconds(5).toMillis() / 1000.0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setInt(1, BATCH);
            statement.setDouble(2, lease);
            List<Due> due = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    due.add(new Due(row.getLong("id"), row.getInt("attempts"), row.getString("url"),
                            WebhookFormat.valueOf(row.getString("format")), row.getString("secret"),
                            Trail.change(row, json)));
                }
            }
            return due;
        }
    }

    private void send(Due due) {
        String body = due.format().body(due.change(), json);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(due.format().url(due.url(), due.secret(), Instant.now())))
                    .timeout(config.webhookTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "community-iot-hub")
                    .header("X-Hub-Event-Id", Long.toString(due.change().eventId()))
                    .header("X-Hub-Signature-256", WebhookFormat.signature(due.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (IllegalArgumentException e) {
            thread.execute(() -> record(due, null, "the URL is unusable: " + e.getMessage()));
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            Integer status = response == null ? null : response.statusCode();
            String refusal = failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    : due.format().refusal(response.statusCode(), response.body(), json);
            if (!thread.isShutdown()) {
                thread.execute(() -> record(due, status, refusal));
            }
        });
    }

    /** Stores the attempt's outcome: delivered, or the next attempt after a doubling wait, or given up. */
    private void record(Due due, Integer status, String refusal) {
        boolean delivered = refusal == null;
        Duration wait = retryWait(due.attempts() + 1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RECORD)) {
            if (status == null) {
                statement.setNull(1, java.sql.Types.INTEGER);
            } else {
                statement.setInt(1, status);
            }
            statement.setString(2, refusal == null ? null : refusal.length() > 500 ? refusal.substring(0, 500) : refusal);
            statement.setBoolean(3, delivered);
            statement.setInt(4, config.webhookMaxAttempts());
            statement.setBoolean(5, delivered);
            statement.setDouble(6, wait.toMillis() / 1000.0);
            statement.setLong(7, due.id());
            statement.executeUpdate();
        } catch (SQLException e) {
            // the claim expires and the delivery is made again: a receiver may see it twice (X-Hub-Event-Id)
            LOG.warnf("webhooks: the outcome of delivery %d could not be stored: %s", due.id(), e.toString());
        }
        metrics.counter("hub.webhook.attempts", "outcome", delivered ? "delivered" : "failed").increment();
        if (!delivered && due.attempts() + 1 >= config.webhookMaxAttempts()) {
            LOG.warnf("webhooks: delivery %d to %s given up after %d attempts: %s", due.id(), due.url(),
                    due.attempts() + 1, refusal);
        }
    }

    /** The wait before attempt {@code attempts} + 1: the initial wait doubled each time, at most the maximum. */
    Duration retryWait(int attempts) {
        Duration wait = config.webhookRetryInitial().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.webhookRetryMax()) > 0 ? config.webhookRetryMax() : wait;
    }
}
