package org.communityhub.connectivity;

import java.time.Instant;

/**
 * What a committed message says about connectivity, in arrival order; {@code at} is when the hub
 * received it (device clocks decide nothing).
 */
public sealed interface Sign {

    Instant at();

    /** Any accepted telemetry or event: the device is there. */
    record Message(String deviceId, Instant at) implements Sign {
    }

    /** The device's status topic (or its will) said {@code online} or {@code offline}. */
    record Status(String deviceId, boolean online, boolean retained, Instant at) implements Sign {
    }

    /**
     * The hub's own catch-up mark, published at {@code publishedAt} and received at {@code at}:
     * everything the broker queued for the hub before {@code publishedAt} has been received and
     * committed (docs/connectivity.md).
     */
    record Mark(Instant publishedAt, Instant at) implements Sign {
    }
}
