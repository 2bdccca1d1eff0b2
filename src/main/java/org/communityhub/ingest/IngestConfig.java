package org.communityhub.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What the MQTT edge accepts, and how it batches and buffers. */
@ConfigMapping(prefix = "hub.ingest")
public interface IngestConfig {

    /**
     * Larger payloads are dead-lettered as OVERSIZED ({@code HUB_INGEST_MAX_PAYLOAD_BYTES}), and never
     * held whole in memory: the edge skips them as they stream in.
     */
    @WithDefault("65536")
    int maxPayloadBytes();

    /** A timestamp further ahead of the hub's clock is dead-lettered as TS_IN_FUTURE. */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** A {@code ts} older than this is dead-lettered as TS_TOO_OLD ({@code HUB_INGEST_MAX_AGE}). */
    @WithDefault("30d")
    Duration maxAge();

    /** Most messages committed in one transaction ({@code HUB_INGEST_BATCH_SIZE}). */
    @WithDefault("1000")
    int batchSize();

    /** Longest a message waits for its batch to fill before the batch is committed anyway. */
    @WithDefault("20ms")
    Duration batchDelay();

    /**
     * Received messages waiting for the writer, in bytes ({@code HUB_INGEST_QUEUE_HIGH_WATER}): above
     * it the edge stops reading from the broker's socket, and reads again below half of it. It bounds
     * the hub's memory whatever the broker sends (a QoS 0 flood has no in-flight limit).
     */
    @WithDefault("16M")
    MemorySize queueHighWater();

    /** How much of a refused payload a dead letter keeps. */
    @WithDefault("4096")
    int deadLetterPayloadChars();
}
