package org.communityhub.reports;

/**
 * The uptime arithmetic in SQL (docs/uptime.md), the same rules as {@link UptimeCalculator}, on range
 * types: a device's period is cut into local days ("pieces"), and for each piece the connectivity and
 * service histories become multiranges that are intersected with the device's life, the maintenance
 * windows and the service hours. Whole days that ended are kept in {@code uptime_days}; reports sum
 * those and compute only the rest afresh.
 */
final class UptimeQueries {

    private UptimeQueries() {
    }

    /**
     * The accounting of each row of a CTE {@code piece (id, device_class, area_code, grp, name, day, p, life)}
     * with a CTE {@code params (zone, opens, closes)} in scope: microseconds online, offline, unknown,
     * in maintenance and serving (online and in service), with all hours counted and with service
     * hours only ({@code hours_*}), and the piece's length ({@code length_us}).
     */
    private static final String ACCOUNT = """
            account AS (
                SELECT pc.id, pc.day, pc.grp, pc.area_code, pc.name, range_us(multirange(pc.p)) AS length_us,
                       range_us(x.rest * cn.online) AS online_us,
                       range_us(x.rest * cn.offline) AS offline_us,
                       range_us(x.rest - cn.online - cn.offline) AS unknown_us,
                       range_us(x.c * mt.maint) AS maintenance_us,
                       range_us(x.rest * cn.online * sv.serving) AS serving_us,
                       range_us(x.rest * h.hours * cn.online) AS hours_online_us,
                       range_us(x.rest * h.hours * cn.offline) AS hours_offline_us,
                       range_us(x.rest * h.hours - cn.online - cn.offline) AS hours_unknown_us,
                       range_us(x.c * h.hours * mt.maint) AS hours_maintenance_us,
                       range_us(x.rest * h.hours * cn.online * sv.serving) AS hours_serving_us
                  FROM piece pc
                 CROSS JOIN params pr
                 CROSS JOIN LATERAL (
                       SELECT coalesce(range_agg(tstzrange(s.ts, s.next)) FILTER (WHERE s.state = 'ONLINE'), '{}') AS online,
                              coalesce(range_agg(tstzrange(s.ts, s.next)) FILTER (WHERE s.state = 'OFFLINE'), '{}') AS offline
                         FROM (SELECT y.ts, y.state, coalesce(lead(y.ts) OVER (ORDER BY y.ts), upper(pc.p)) AS next
                                 FROM ((SELECT lower(pc.p) AS ts, c.to_state AS state FROM connectivity_changes c
                                         WHERE c.device_id = pc.id AND c.ts <= lower(pc.p) ORDER BY c.ts DESC LIMIT 1)
                                       UNION ALL
                                       SELECT c.ts, c.to_state FROM connectivity_changes c
                                        WHERE c.device_id = pc.id AND c.ts > lower(pc.p) AND c.ts < upper(pc.p)) y) s) cn
                 CROSS JOIN LATERAL (
                       SELECT CASE WHEN pc.device_class <> 'KIOSK' THEN multirange(pc.p)
                                   ELSE coalesce(range_agg(tstzrange(s.ts, s.next)) FILTER (WHERE s.in_service), '{}') END AS serving
                         FROM (SELECT y.ts, y.in_service, coalesce(lead(y.ts) OVER (ORDER BY y.ts), upper(pc.p)) AS next
                                 FROM ((SELECT lower(pc.p) AS ts, c.in_service FROM service_changes c
                                         WHERE c.device_id = pc.id AND c.ts <= lower(pc.p) ORDER BY c.ts DESC LIMIT 1)
                                       UNION ALL
                                       SELECT c.ts, c.in_service FROM service_changes c
                                        WHERE c.device_id = pc.id AND c.ts > lower(pc.p) AND c.ts < upper(pc.p)) y) s) sv
                 CROSS JOIN LATERAL (
                       SELECT coalesce(range_agg(o.r), '{}') AS maint
                         FROM maintenance_windows m
                        CROSS JOIN LATERAL generate_series(
                              CASE WHEN m.weekly THEN greatest(0, floor(extract(epoch FROM lower(pc.p) - m.ends_at) / 604800)::int + 1) ELSE 0 END,
                              CASE WHEN m.weekly THEN floor(extract(epoch FROM upper(pc.p) - m.starts_at) / 604800)::int ELSE 0 END) AS k
                        CROSS JOIN LATERAL (
                              SELECT tstzrange(m.starts_at + k * interval '7 days', m.ends_at + k * interval '7 days')
                                     * CASE WHEN m.weekly THEN tstzrange(NULL, m.repeat_until) ELSE tstzrange(NULL, NULL) END
                                     * pc.p AS r) o
                        WHERE (m.device_id = pc.id OR pc.area_code LIKE area_subtree_prefix(m.area_code) || '%')
                          AND m.starts_at < upper(pc.p) AND NOT isempty(o.r)) mt
                 CROSS JOIN LATERAL (
                       SELECT CASE WHEN pr.opens = pr.closes THEN multirange(pc.p)
                                   WHEN pr.opens < pr.closes THEN multirange(pc.p * tstzrange(
                                        (pc.day + pr.opens) AT TIME ZONE pr.zone, (pc.day + pr.closes) AT TIME ZONE pr.zone))
                                   ELSE tstzmultirange(
                                        pc.p * tstzrange(pc.day::timestamp AT TIME ZONE pr.zone, (pc.day + pr.closes) AT TIME ZONE pr.zone),
                                        pc.p * tstzrange((pc.day + pr.opens) AT TIME ZONE pr.zone, (pc.day + 1)::timestamp AT TIME ZONE pr.zone))
                              END AS hours) h
                 CROSS JOIN LATERAL (SELECT multirange(pc.p * pc.life) AS c) cc
                 CROSS JOIN LATERAL (SELECT cc.c AS c, cc.c - mt.maint AS rest) x
            )
            """;

    /** A device's active life as a range: from installation (unbounded when unknown) to decommissioning. */
    private static final String LIFE = """
            tstzrange(d.installed_at, CASE WHEN d.decommissioned_at < d.installed_at THEN d.installed_at ELSE d.decommissioned_at END)
            """.strip();

    /**
     * Computes and stores whole local days up to a last day: parameters zone, opens, closes, the
     * devices and the first day of each (parallel arrays), and the last day.
     */
    static final String ROLL = """
            WITH params AS MATERIALIZED (SELECT ?::text AS zone, ?::time AS opens, ?::time AS closes),
            piece AS (
                SELECT d.id, d.device_class, d.area_code, NULL::text AS grp, d.name, day::date AS day,
                       tstzrange(day AT TIME ZONE pr.zone, (day + interval '1 day') AT TIME ZONE pr.zone) AS p,
                       %s AS life
                  FROM params pr
                 CROSS JOIN unnest(?::text[], ?::date[]) AS w (id, first_day)
                  JOIN devices d ON d.id = w.id
                 CROSS JOIN LATERAL generate_series(w.first_day::timestamp, ?::date::timestamp, interval '1 day') AS day
            ),
            %s
            INSERT INTO uptime_days AS u (device_id, day, online_us, offline_us, unknown_us, maintenance_us, serving_us,
                    hours_online_us, hours_offline_us, hours_unknown_us, hours_maintenance_us, hours_serving_us)
            SELECT id, day, online_us, offline_us, unknown_us, maintenance_us, serving_us,
                   hours_online_us, hours_offline_us, hours_unknown_us, hours_maintenance_us, hours_serving_us
              FROM account
            ON CONFLICT (day, device_id) DO UPDATE SET
                online_us = EXCLUDED.online_us, offline_us = EXCLUDED.offline_us, unknown_us = EXCLUDED.unknown_us,
                maintenance_us = EXCLUDED.maintenance_us, serving_us = EXCLUDED.serving_us,
                hours_online_us = EXCLUDED.hours_online_us, hours_offline_us = EXCLUDED.hours_offline_us,
                hours_unknown_us = EXCLUDED.hours_unknown_us, hours_maintenance_us = EXCLUDED.hours_maintenance_us,
                hours_serving_us = EXCLUDED.hours_serving_us
            """.formatted(LIFE, ACCOUNT);

    /**
     * Per device and local day of a period: the stored day where it is whole and stored, else
     * computed afresh. Parameters: zone, opens, closes, from, to, service hours only, the group key's
     * length in digits (0: the device), class, area prefix. Columns: id, grp, area_code, name,
     * day, length_us, and the parts in microseconds (excluded is the length less the others).
     */
    static final String DEVICE_DAYS = """
            params AS MATERIALIZED (
                SELECT x.*, (x.f AT TIME ZONE x.zone)::date + CASE WHEN ((x.f AT TIME ZONE x.zone)::date::timestamp AT TIME ZONE x.zone) = x.f THEN 0 ELSE 1 END AS first_whole,
                       (x.t AT TIME ZONE x.zone)::date - 1 AS last_whole
                  FROM (SELECT ?::text AS zone, ?::time AS opens, ?::time AS closes, ?::timestamptz AS f, ?::timestamptz AS t,
                               ?::boolean AS hours_only, ?::int AS digits) x
            ),
            device AS MATERIALIZED (
                SELECT d.id, d.device_class, d.area_code, d.name, %s AS life,
                       CASE WHEN pr.digits = 0 THEN d.id ELSE rpad(left(d.area_code, pr.digits), 12, '0') END AS grp,
                       -- the stored days in the period's whole days; none without a row (greatest and least skip nulls)
                       CASE WHEN r.device_id IS NOT NULL THEN greatest(r.since, pr.first_whole) END AS stored_from,
                       CASE WHEN r.device_id IS NOT NULL THEN least(r.until, pr.last_whole) END AS stored_until
                  FROM params pr
                  -- bound here, not in params, so that the planner sees them and expects the right number of devices
                  JOIN devices d ON d.device_class = ?::text AND d.area_code LIKE ?::text || '%%'
                  LEFT JOIN uptime_rolled r ON r.device_id = d.id
            ),
            day AS (
                SELECT day::date AS day,
                       tstzrange(greatest(day AT TIME ZONE pr.zone, pr.f), least((day + interval '1 day') AT TIME ZONE pr.zone, pr.t)) AS p,
                       (extract(epoch FROM (day + interval '1 day') AT TIME ZONE pr.zone - day AT TIME ZONE pr.zone) * 1000000)::bigint AS full_us
                  FROM params pr
                 CROSS JOIN generate_series((pr.f AT TIME ZONE pr.zone)::date::timestamp,
                                            ((pr.t - interval '1 microsecond') AT TIME ZONE pr.zone)::date::timestamp,
                                            interval '1 day') AS day
                 WHERE pr.t > pr.f
            ),
            piece AS (
                SELECT d.id, d.device_class, d.area_code, d.grp, d.name, dy.day, dy.p, d.life
                  FROM device d CROSS JOIN day dy
                 WHERE d.stored_from IS NULL OR dy.day NOT BETWEEN d.stored_from AND d.stored_until
            ),
            %s,
            fresh AS MATERIALIZED (
                SELECT a.id, a.grp, a.day, a.length_us,
                       CASE WHEN pr.hours_only THEN a.hours_online_us ELSE a.online_us END AS online_us,
                       CASE WHEN pr.hours_only THEN a.hours_offline_us ELSE a.offline_us END AS offline_us,
                       CASE WHEN pr.hours_only THEN a.hours_unknown_us ELSE a.unknown_us END AS unknown_us,
                       CASE WHEN pr.hours_only THEN a.hours_maintenance_us ELSE a.maintenance_us END AS maintenance_us,
                       CASE WHEN pr.hours_only THEN a.hours_serving_us ELSE a.serving_us END AS serving_us
                  FROM account a CROSS JOIN params pr
            ),
            stored AS NOT MATERIALIZED (
                SELECT u.device_id AS id, d.grp, u.day, dy.full_us AS length_us,
                       CASE WHEN pr.hours_only THEN u.hours_online_us ELSE u.online_us END AS online_us,
                       CASE WHEN pr.hours_only THEN u.hours_offline_us ELSE u.offline_us END AS offline_us,
                       CASE WHEN pr.hours_only THEN u.hours_unknown_us ELSE u.unknown_us END AS unknown_us,
                       CASE WHEN pr.hours_only THEN u.hours_maintenance_us ELSE u.maintenance_us END AS maintenance_us,
                       CASE WHEN pr.hours_only THEN u.hours_serving_us ELSE u.serving_us END AS serving_us
                  FROM params pr
                  JOIN uptime_days u ON u.day BETWEEN pr.first_whole AND pr.last_whole
                  JOIN device d ON d.id = u.device_id AND u.day BETWEEN d.stored_from AND d.stored_until
                  JOIN day dy ON dy.day = u.day
            ),
            device_day AS (
                SELECT * FROM stored UNION ALL SELECT * FROM fresh
            )
            """.formatted(LIFE, ACCOUNT);

    /** The parts summed, excluded being the length less the others. */
    private static final String SUMS = """
            sum(online_us) AS online_us, sum(offline_us) AS offline_us, sum(unknown_us) AS unknown_us,
            sum(maintenance_us) AS maintenance_us, sum(length_us - online_us - offline_us - unknown_us - maintenance_us) AS excluded_us,
            sum(serving_us) AS serving_us""";

    /** The stored parts summed (their excluded part needs the days' lengths). */
    private static final String STORED_SUMS = """
            sum(CASE WHEN pr.hours_only THEN u.hours_online_us ELSE u.online_us END) AS online_us,
            sum(CASE WHEN pr.hours_only THEN u.hours_offline_us ELSE u.offline_us END) AS offline_us,
            sum(CASE WHEN pr.hours_only THEN u.hours_unknown_us ELSE u.unknown_us END) AS unknown_us,
            sum(CASE WHEN pr.hours_only THEN u.hours_maintenance_us ELSE u.maintenance_us END) AS maintenance_us,
            sum(CASE WHEN pr.hours_only THEN u.hours_serving_us ELSE u.serving_us END) AS serving_us""";

    /**
     * Each device's totals over the period: its stored days summed in one pass over
     * {@code uptime_days} (their length is the span of the stored days), plus its pieces computed
     * afresh. Needs the CTEs of {@link #DEVICE_DAYS}.
     */
    static final String PER_DEVICE = """
            per_device AS MATERIALIZED (
                SELECT d.id, d.grp, d.area_code, d.name,
                       coalesce(s.online_us, 0) + coalesce(f.online_us, 0) AS online_us,
                       coalesce(s.offline_us, 0) + coalesce(f.offline_us, 0) AS offline_us,
                       coalesce(s.unknown_us, 0) + coalesce(f.unknown_us, 0) AS unknown_us,
                       coalesce(s.maintenance_us, 0) + coalesce(f.maintenance_us, 0) AS maintenance_us,
                       coalesce(f.excluded_us, 0) + CASE WHEN s.device_id IS NULL THEN 0
                           ELSE range_us(multirange(tstzrange(d.stored_from::timestamp AT TIME ZONE pr.zone,
                                                              (d.stored_until + 1)::timestamp AT TIME ZONE pr.zone)))
                                - s.online_us - s.offline_us - s.unknown_us - s.maintenance_us END AS excluded_us,
                       coalesce(s.serving_us, 0) + coalesce(f.serving_us, 0) AS serving_us
                  FROM device d
                 CROSS JOIN params pr
                  LEFT JOIN (SELECT u.device_id, %s
                               FROM params pr
                               JOIN uptime_days u ON u.day BETWEEN pr.first_whole AND pr.last_whole
                               JOIN device d ON d.id = u.device_id AND u.day BETWEEN d.stored_from AND d.stored_until
                              GROUP BY u.device_id) s ON s.device_id = d.id
                  LEFT JOIN (SELECT id, %s FROM fresh GROUP BY id) f ON f.id = d.id
            )
            """.formatted(STORED_SUMS, SUMS);

    /**
     * The uptime report: one row per group, per group and day (when asked), and per device (the
     * worst of each group), told apart by {@code kind} (GROUP, DAY, DEVICE). Parameters: those of
     * the device days, whether to give days (twice), and how many worst devices per group.
     */
    static final String REPORT = """
            WITH %s,
            %s,
            per_day AS (
                SELECT grp, day, sum(online_us) AS online_us, sum(offline_us) AS offline_us, sum(unknown_us) AS unknown_us,
                       sum(maintenance_us) AS maintenance_us, sum(excluded_us) AS excluded_us, sum(serving_us) AS serving_us
                  FROM (SELECT s.grp, s.day, s.online_us, s.offline_us, s.unknown_us, s.maintenance_us,
                               s.days * dy.full_us - s.online_us - s.offline_us - s.unknown_us - s.maintenance_us AS excluded_us,
                               s.serving_us
                          FROM (SELECT d.grp, u.day, count(*) AS days, %s
                                  FROM params pr
                                  JOIN uptime_days u ON u.day BETWEEN pr.first_whole AND pr.last_whole
                                  JOIN device d ON d.id = u.device_id AND u.day BETWEEN d.stored_from AND d.stored_until
                                 WHERE ?::boolean
                                 GROUP BY d.grp, u.day) s
                          JOIN day dy ON dy.day = s.day
                        UNION ALL
                        SELECT grp, day, %s FROM fresh GROUP BY grp, day) x
                 WHERE ?::boolean
                 GROUP BY grp, day
            ),
            worst AS (
                SELECT * FROM (
                    SELECT p.*, row_number() OVER (PARTITION BY p.grp
                               ORDER BY p.online_us::float8 / nullif(p.online_us + p.offline_us, 0) NULLS FIRST, p.unknown_us DESC, p.id) AS rank
                      FROM per_device p) r
                 WHERE r.rank <= ?
            )
            SELECT 'GROUP' AS kind, g.grp, coalesce(a.name, g.name) AS grp_name, NULL::date AS day, 0::bigint AS rank, NULL AS id, g.name,
                   g.area_code, g.devices, g.online_us, g.offline_us, g.unknown_us, g.maintenance_us, g.excluded_us, g.serving_us
              FROM (SELECT grp, count(*) AS devices, min(name) AS name, min(area_code) AS area_code,
                           sum(online_us) AS online_us, sum(offline_us) AS offline_us, sum(unknown_us) AS unknown_us,
                           sum(maintenance_us) AS maintenance_us, sum(excluded_us) AS excluded_us, sum(serving_us) AS serving_us
                      FROM per_device GROUP BY grp) g
              LEFT JOIN areas a ON a.code = g.grp
            UNION ALL
            SELECT 'DAY', grp, NULL, day, 0, NULL, NULL, NULL, 0, online_us, offline_us, unknown_us, maintenance_us, excluded_us,
                   serving_us
              FROM per_day
            UNION ALL
            SELECT 'DEVICE', grp, NULL, NULL, rank, id, name, area_code, 1, online_us, offline_us, unknown_us, maintenance_us,
                   excluded_us, serving_us
              FROM worst
            ORDER BY 2, 1 DESC, 4, 5
            """.formatted(DEVICE_DAYS, PER_DEVICE, STORED_SUMS, SUMS);

    /**
     * Coverage over a period: per community of the subtree, its devices and the best in-service
     * uptime among them. Parameters: those of the device days, then the area prefix again.
     */
    static final String COVERAGE_OVER = """
            WITH %s,
            %s
            SELECT a.code, a.name, count(pd.id) AS devices, count(pd.id) AS ready,
                   max(100.0 * pd.serving_us / nullif(pd.online_us + pd.offline_us, 0)) AS best
              FROM areas a LEFT JOIN per_device pd ON pd.grp = a.code
             WHERE a.level = 'COMMUNITY' AND a.code LIKE ? || '%%'
             GROUP BY a.code, a.name ORDER BY a.code
            """.formatted(DEVICE_DAYS, PER_DEVICE);

    /**
     * Coverage at an instant: per community of the subtree, its active devices of the class and how
     * many of them were in service then (online, in service for a kiosk, outside maintenance).
     * Parameters: the instant, the class, the area prefix (twice). No CTE: the planner sees the
     * values, and each device's state is one index probe.
     */
    static final String COVERAGE_AT = coverage("""
            (SELECT c.to_state FROM connectivity_changes c
              WHERE c.device_id = d.id AND c.ts <= w.at ORDER BY c.ts DESC LIMIT 1)""", """
            (SELECT s.in_service FROM service_changes s
              WHERE s.device_id = d.id AND s.ts <= w.at ORDER BY s.ts DESC LIMIT 1)""");

    /**
     * Coverage now, from the current states ({@code device_state}, {@code service_state}) instead of
     * a probe into the histories per device. Parameters as {@link #COVERAGE_AT}, the instant being now.
     */
    static final String COVERAGE_NOW = coverage("""
            (SELECT c.connectivity FROM device_state c WHERE c.device_id = d.id)""", """
            (SELECT s.in_service FROM service_state s WHERE s.device_id = d.id)""");

    private static String coverage(String link, String inService) {
        return """
                SELECT a.code, a.name, count(x.id) AS devices, count(x.id) FILTER (WHERE x.ready) AS ready, NULL::float8 AS best
                  FROM areas a
                  LEFT JOIN (
                      SELECT d.id, left(d.area_code, 12) AS community,
                             %s = 'ONLINE'
                             AND (d.device_class <> 'KIOSK' OR coalesce(%s, false))
                             AND NOT EXISTS (
                                 SELECT 1 FROM maintenance_windows m
                                  WHERE (m.device_id = d.id OR d.area_code LIKE area_subtree_prefix(m.area_code) || '%%')
                                    AND m.starts_at <= w.at AND (m.repeat_until IS NULL OR NOT m.weekly OR w.at < m.repeat_until)
                                    AND CASE WHEN m.weekly
                                             THEN mod(extract(epoch FROM w.at - m.starts_at), 604800) < extract(epoch FROM m.ends_at - m.starts_at)
                                             ELSE w.at < m.ends_at END) AS ready
                        FROM (SELECT ?::timestamptz AS at) w
                        JOIN devices d ON d.device_class = ?::text AND d.area_code LIKE ?::text || '%%'
                       WHERE (d.installed_at IS NULL OR d.installed_at <= w.at)
                         AND (d.decommissioned_at IS NULL OR d.decommissioned_at > w.at)
                  ) x ON x.community = a.code
                 WHERE a.level = 'COMMUNITY' AND a.code LIKE ?::text || '%%'
                 GROUP BY a.code, a.name ORDER BY a.code
                """.formatted(link.strip(), inService.strip());
    }
}
