package org.communityhub.reports;

/** The plan's indicators in SQL: per community for kiosks, per device for broadcast units and elder-alert devices. */
final class IndicatorQueries {

    private IndicatorQueries() {
    }

    /**
     * Per community of the subtree: its kiosks, the best in-service uptime among them, and on how
     * many of the period's whole days ({@code whole_days}) one of them was in service at least the
     * given time. Parameters: those of the device days (class KIOSK, grouped by community), the time
     * in microseconds, the area prefix.
     */
    static final String KIOSKS = """
            WITH %s,
            per_device AS (
                SELECT id, grp AS community, 100.0 * sum(serving_us) / nullif(sum(online_us + offline_us), 0) AS in_service
                  FROM device_day GROUP BY id, grp
            ),
            per_day AS (
                SELECT grp AS community, day, max(serving_us) AS best
                  FROM device_day WHERE day BETWEEN (SELECT first_whole FROM params) AND (SELECT last_whole FROM params)
                 GROUP BY grp, day
            ),
            kiosks AS (SELECT community, count(*) AS devices, max(in_service) AS best FROM per_device GROUP BY community),
            open AS (SELECT community, count(*) FILTER (WHERE best >= ?) AS days_open FROM per_day GROUP BY community)
            SELECT a.code, a.name, coalesce(k.devices, 0) AS devices, k.best, coalesce(o.days_open, 0) AS days_open,
                   (SELECT greatest(0, last_whole - first_whole + 1) FROM params) AS whole_days
              FROM areas a
              LEFT JOIN kiosks k ON k.community = a.code
              LEFT JOIN open o ON o.community = a.code
             WHERE a.level = 'COMMUNITY' AND a.code LIKE ? || '%%'
             ORDER BY a.code
            """.formatted(UptimeQueries.DEVICE_DAYS);

    /**
     * Broadcast units active at an instant: connectivity and amplifier then, and their latest passed
     * self-test in the 7 days before. Parameters: the instant, the area prefix.
     */
    static final String BROADCAST_UNITS = """
            WITH params AS MATERIALIZED (SELECT ?::timestamptz AS at, ?::text AS prefix)
            SELECT d.id, d.name, d.area_code,
                   (SELECT c.to_state FROM connectivity_changes c
                     WHERE c.device_id = d.id AND c.ts <= pr.at ORDER BY c.ts DESC LIMIT 1) AS link,
                   (SELECT t.amplifier FROM telemetry_broadcast_unit t
                     WHERE t.device_id = d.id AND t.ts <= pr.at ORDER BY t.ts DESC LIMIT 1) AS amplifier,
                   (SELECT max(e.ts) FROM events e
                     WHERE e.device_id = d.id AND e.type = 'SELF_TEST' AND e.body ->> 'passed' = 'true'
                       AND e.ts > pr.at - interval '7 days' AND e.ts <= pr.at) AS passed_at
              FROM params pr
              JOIN devices d ON d.device_class = 'BROADCAST_UNIT' AND d.area_code LIKE pr.prefix || '%'
             WHERE (d.installed_at IS NULL OR d.installed_at <= pr.at)
               AND (d.decommissioned_at IS NULL OR d.decommissioned_at > pr.at)
             ORDER BY d.id
            """;

    /**
     * Elder-alert devices active at the period's end: connectivity and whether worn then, in how
     * many local calendar months of the period the resident was visited (recorded visits and VISIT
     * events), and the last visit. Parameters: the period's start and end, the zone, the area prefix.
     */
    static final String ELDER_DEVICES = """
            WITH params AS MATERIALIZED (SELECT ?::timestamptz AS f, ?::timestamptz AS t, ?::text AS zone, ?::text AS prefix)
            SELECT d.id, d.name, d.area_code,
                   (SELECT c.to_state FROM connectivity_changes c
                     WHERE c.device_id = d.id AND c.ts <= pr.t ORDER BY c.ts DESC LIMIT 1) AS link,
                   (SELECT w.worn FROM telemetry_elder_alert w
                     WHERE w.device_id = d.id AND w.ts <= pr.t ORDER BY w.ts DESC LIMIT 1) AS worn,
                   v.months, v.last_visit
              FROM params pr
              JOIN devices d ON d.device_class = 'ELDER_ALERT' AND d.area_code LIKE pr.prefix || '%'
             CROSS JOIN LATERAL (
                   SELECT count(DISTINCT date_trunc('month', x.at AT TIME ZONE pr.zone))
                              FILTER (WHERE x.at >= pr.f) AS months,
                          max(x.at) AS last_visit
                     FROM (SELECT visited_at AS at FROM visits WHERE device_id = d.id AND visited_at < pr.t
                           UNION ALL
                           SELECT ts FROM events WHERE device_id = d.id AND type = 'VISIT' AND ts < pr.t) x) v
             WHERE (d.installed_at IS NULL OR d.installed_at < pr.t)
               AND (d.decommissioned_at IS NULL OR d.decommissioned_at >= pr.t)
             ORDER BY d.id
            """;
}
