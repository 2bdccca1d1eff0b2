package org.communityhub.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the hub keeps what it stores, and how it trims the rest. */
@ConfigMapping(prefix = "hub.retention")
public interface RetentionConfig {

    /** Telemetry and device events older than this are dropped; 0 keeps them for ever. */
    @WithDefault("400d")
    Duration telemetry();

    /**
     * Connectivity and service-state transitions older than this are dropped; 0 keeps them. Uptime
     * reports compute the days they have no stored figures for from these: keep them as long as the
     * periods officials report on (a year and a month covers year-on-year monthly reports).
     */
    @WithDefault("800d")
    Duration connectivity();

    /** Dead letters older than this are deleted; 0 keeps them. */
    @WithDefault("90d")
    Duration deadLetters();

    /** How often the trimming runs (by one replica only: database/Leases); 0 never. */
    @WithDefault("1h")
    Duration interval();

    /** Rows a delete takes at a time where a table is not a hypertable (plain PostgreSQL: embedded mode). */
    @WithDefault("10000")
    int batchSize();
}
