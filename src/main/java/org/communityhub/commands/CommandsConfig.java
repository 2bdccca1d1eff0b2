package org.communityhub.commands;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Device commands (docs/commands.md). */
@ConfigMapping(prefix = "hub.commands")
public interface CommandsConfig {

    /** How long a command waits for its device when the request gives no {@code expiresAt}. */
    @WithDefault("10m")
    Duration defaultExpiry();

    /** The furthest expiry a command may have. */
    @WithDefault("7d")
    Duration maxExpiry();

    /** How often waiting commands are looked at: sent to devices now online, expired when their time passed. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /**
     * How long a broadcast unit has to confirm playing (its PLAYBACK_STARTED or PLAYBACK_ENDED) before
     * BROADCAST_NOT_CONFIRMED is raised for its community's duty staff.
     */
    @WithDefault("60s")
    Duration confirmWithin();

    /** How often the broadcast units that have not confirmed in time are looked for. */
    @WithDefault("5s")
    Duration confirmCheckInterval();

    /** How often a broadcast's progress is pushed on the live stream, at most, while its units answer. */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * MQTT connections the hub publishes commands on; a device's commands always use the same one.
     * Mosquitto reads one packet per connection each time round its loop, so a broadcast on one
     * connection goes at 1/N of the broker's turns while N connections are busy: with 2,500 telemetry
     * messages/s, 12,200 PLAYs were all out after 8.6 s on one connection, 3.1–4.5 s on eight
     * (docs/benchmarks.md#emergency-broadcast).
     */
    @WithDefault("8")
    int connections();
}
