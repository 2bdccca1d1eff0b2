package org.communityhub.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The hub's MQTT session. The broker's URL is {@code embedded.EmbeddedConfig}'s, which decides embedded or not. */
@ConfigMapping(prefix = "hub.mqtt")
public interface MqttConfig {

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

    /**
     * With a shared-subscription group, how long a replica that stops waits for what the broker had
     * already queued for it ({@code HUB_MQTT_DRAIN_TIMEOUT}; docs/operations.md#scaling-in).
     */
    @WithDefault("20s")
    Duration drainTimeout();

    /** Longest wait between two reconnection attempts. */
    @WithDefault("30s")
    Duration maxReconnectDelay();

    /**
     * How often the hub publishes a catch-up mark to itself ({@code HUB_MQTT_MARK_INTERVAL}): when it
     * comes back, everything queued before it has been committed (docs/connectivity.md).
     */
    @WithDefault("1s")
    Duration markInterval();
}
