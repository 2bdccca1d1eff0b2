package org.communityhub.reports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Uptime, coverage and indicator reports (docs/uptime.md). Service hours and zone are the alerts' ones. */
@ConfigMapping(prefix = "hub.reports")
public interface ReportsConfig {

    /** The uptime, in percent, a device or an area must reach to meet its service-level target. */
    @WithDefault("99")
    double slaTarget();

    /** How many of its worst devices a report row lists. */
    @WithDefault("5")
    int worstDevices();

    /** How often the hub stores the daily uptime of days that ended; 0 stores none (every report computes afresh). */
    @WithDefault("1m")
    Duration rollupInterval();

    /**
     * How long after a day's end its daily uptime is stored: longer than any transaction that writes
     * a change dated in that day, so that none is missed.
     */
    @WithDefault("10m")
    Duration rollupMargin();

    /** Devices per transaction when storing daily uptime (each at most a month of days). */
    @WithDefault("200")
    int rollupChunk();

    /** How many days back daily uptime is stored for a device new to it; older periods are computed afresh. */
    @WithDefault("400")
    int rollupHorizon();
}
