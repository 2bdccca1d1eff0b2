package org.communityhub.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches a stream being stored: polls a count every 100 ms and keeps the longest time it did not
 * grow while short of its target, so a test can say that the stream never paused.
 */
public final class StreamWatch implements AutoCloseable {

    /** How many messages are stored now. */
    @FunctionalInterface
    public interface Count {
        long get() throws Exception;
    }

    private final Count count;
    private final long target;
    private final Thread thread;
    private volatile long last;
    private volatile long longestPauseNanos;
    private volatile boolean closed;

    private StreamWatch(Count count, long target) {
        this.count = count;
        this.target = target;
        this.thread = new Thread(this::watch, "stream-watch");
        this.thread.setDaemon(true);
    }

    public static StreamWatch of(Count count, long target) {
        StreamWatch watch = new StreamWatch(count, target);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        long grewAt = System.nanoTime();
        while (!closed && last < target) {
            try {
                long now = count.get();
                long at = System.nanoTime();
                if (now > last) {
                    last = now;
                    grewAt = at;
                } else {
                    longestPauseNanos = Math.max(longestPauseNanos, at - grewAt);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the database may be away on purpose: the pause goes on
            }
        }
    }

    /** Waits until the target is stored; fails saying how far the stream got. */
    public void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (last < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stored " + last + " of " + target + " after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    public Duration longestPause() {
        return Duration.ofNanos(longestPauseNanos);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
