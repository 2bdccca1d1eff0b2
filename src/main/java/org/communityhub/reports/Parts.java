package org.communityhub.reports;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the time of a report row (one or more devices over the period) was spent, in microseconds.
 * {@code serving} is the part of {@code online} in which the device was also in service.
 */
record Parts(long online, long offline, long unknown, long maintenance, long excluded, long serving) {

    static final Parts NONE = new Parts(0, 0, 0, 0, 0, 0);

    static Parts of(ResultSet row) throws SQLException {
        return new Parts(row.getLong("online_us"), row.getLong("offline_us"), row.getLong("unknown_us"),
                row.getLong("maintenance_us"), row.getLong("excluded_us"), row.getLong("serving_us"));
    }

    Parts plus(Parts other) {
        return new Parts(online + other.online, offline + other.offline, unknown + other.unknown,
                maintenance + other.maintenance, excluded + other.excluded, serving + other.serving);
    }

    /** Reachable: online ÷ (online + offline). */
    Double uptimePercent() {
        return Seconds.percent(online, online + offline);
    }

    /** In service: online and in service ÷ (online + offline). */
    Double inServicePercent() {
        return Seconds.percent(serving, online + offline);
    }
}
