package org.communityhub.reports;

import java.time.Duration;

/**
 * How one device's (or a group's) time in a period was spent. The five parts add up to the period's
 * length (times the number of devices): nothing is counted twice or lost.
 * <ul>
 * <li>{@code online}, {@code offline}: what the hub heard;</li>
 * <li>{@code unknown}: the hub could not hear (it was down, cut off from the broker or the database,
 * catching up) or had no data yet: never counted as down;</li>
 * <li>{@code maintenance}: inside a maintenance window, left out of uptime;</li>
 * <li>{@code excluded}: before installation, after decommissioning, or outside the hours counted.</li>
 * </ul>
 */
public record Accounting(Duration online, Duration offline, Duration unknown, Duration maintenance,
        Duration excluded) {

    public static final Accounting NONE = new Accounting(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO);

    public Accounting plus(Accounting other) {
        return new Accounting(online.plus(other.online), offline.plus(other.offline), unknown.plus(other.unknown),
                maintenance.plus(other.maintenance), excluded.plus(other.excluded));
    }

    public Duration total() {
        return online.plus(offline).plus(unknown).plus(maintenance).plus(excluded);
    }

    /** Online ÷ (online + offline) in percent; null when nothing was observed. */
    public Double uptimePercent() {
        long observed = online.toMillis() + offline.toMillis();
        return observed == 0 ? null : 100.0 * online.toMillis() / observed;
    }

    Accounting add(Part part, Duration duration) {
        return switch (part) {
            case ONLINE -> new Accounting(online.plus(duration), offline, unknown, maintenance, excluded);
            case OFFLINE -> new Accounting(online, offline.plus(duration), unknown, maintenance, excluded);
            case UNKNOWN -> new Accounting(online, offline, unknown.plus(duration), maintenance, excluded);
            case MAINTENANCE -> new Accounting(online, offline, unknown, maintenance.plus(duration), excluded);
            case EXCLUDED -> new Accounting(online, offline, unknown, maintenance, excluded.plus(duration));
        };
    }

    /** Where a moment of a device's time goes. */
    enum Part { ONLINE, OFFLINE, UNKNOWN, MAINTENANCE, EXCLUDED }
}
