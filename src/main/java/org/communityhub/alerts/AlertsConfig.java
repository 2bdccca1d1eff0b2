package org.communityhub.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

@ConfigMapping(prefix = "hub.alerts")
public interface AlertsConfig {

    /** The time zone of service hours, day and night (the province's). */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    /** When kiosks are expected in service; their offline and out-of-service delays count only then. */
    @WithDefault("08:00")
    LocalTime serviceHoursFrom();

    /** End of the kiosks' service hours. */
    @WithDefault("20:00")
    LocalTime serviceHoursTo();

    /** When "by day" begins for elderly residents' rules (no motion, not worn). */
    @WithDefault("07:00")
    LocalTime dayFrom();

    /** When "by night" begins for elderly residents' rules. */
    @WithDefault("21:00")
    LocalTime dayTo();

    /** How often time-based rules, escalation and maintenance are evaluated. */
    @WithDefault("5s")
    Duration evaluateInterval();

    /** A condition that comes back within this time after its alert was resolved reopens that alert. */
    @WithDefault("30m")
    Duration reopenWithin();

    /** A CRITICAL alert not acknowledged within this time escalates to the parent area, then the next. */
    @WithDefault("5m")
    Duration escalateAfter();

    /**
     * Things seen (readings, events, connectivity changes) waiting for the rules, at most: beyond it
     * the thread that committed them waits, so memory stays bounded under a flood and the broker
     * keeps what the hub has not read yet.
     */
    @WithDefault("100000")
    int backlog();
}
