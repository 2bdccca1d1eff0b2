package org.communityhub.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "hub")
public interface IngestConfig {

    Mqtt mqtt();

    Ingest ingest();

    interface Mqtt {
        /** Client id of the hub's persistent session ({@code HUB_MQTT_CLIENT_ID}); one per replica. */
        @WithDefault("community-iot-hub")
        String clientId();

        /** Username the hub connects with ({@code HUB_MQTT_USERNAME}). */
        Optional<String> username();

        /** Password the hub connects with ({@code HUB_MQTT_PASSWORD}). */
        Optional<String> password();

        /**
         * Shared-subscription group ({@code HUB_MQTT_SHARED_GROUP}): when set, the hub subscribes to
         * {@code $share/GROUP/hub/v1/+/…} so that replicas split the stream.
         */
        Optional<String> sharedGroup();

        /** Longest wait between two reconnection attempts. */
        @WithDefault("30s")
        Duration maxReconnectDelay();
    }

    interface Ingest {
        /** Larger payloads are dead-lettered as OVERSIZED ({@code HUB_INGEST_MAX_PAYLOAD_BYTES}). */
        @WithDefault("65536")
        int maxPayloadBytes();

        /** A {@code ts} further ahead of the hub's clock is dead-lettered as TS_IN_FUTURE. */
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

        /** How much of a refused payload a dead letter keeps. */
        @WithDefault("4096")
        int deadLetterPayloadChars();
    }
}
