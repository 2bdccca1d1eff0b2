package org.communityhub.commands;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The broadcasts' schedule, on one thread of its own: the confirmation check every
 * {@code confirm-check-interval} ({@link Confirmations}) and the look at their progress every
 * {@code progress-interval} ({@link BroadcastWatch}). Each task logs its own failures and never throws.
 */
@ApplicationScoped
public class BroadcastJobs {

    private final Confirmations confirmations;
    private final BroadcastWatch watch;
    private final CommandsConfig config;
    private ScheduledExecutorService thread;

    BroadcastJobs(Confirmations confirmations, BroadcastWatch watch, CommandsConfig config) {
        this.confirmations = confirmations;
        this.watch = watch;
        this.config = config;
    }

    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hub-broadcasts");
            t.setDaemon(true);
            return t;
        });
        every(config.confirmCheckInterval().toMillis(), confirmations::check);
        every(config.progressInterval().toMillis(), watch::look);
    }

    public void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private void every(long periodMs, Runnable task) {
        thread.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
}
