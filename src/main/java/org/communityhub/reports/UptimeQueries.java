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
     * The accounting of each row of a CTE {@code piece (id, device_class, area_code, day, p, life)}
     * with a CTE {@code params (zone, opens, closes)} in scope: microseconds online, offline, unknown,
     * in maintenance and serving (online and in service), with all hours counted and with service
     * hours only ({@code hours_*}), and the piece's length ({@code length_us}).
     */
    private static final String ACCOUNT = """
            account AS (
                SELECT pc.id, pc.day, range_us(multirange(pc.p)) AS length_us,
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
                SELECT d.id, d.device_class, d.area_code, day::date AS day,
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
     * Per device and local day of a period: the stored day where it is whole, rolled and there (days
     * before a device was registered are not), else computed afresh. Parameters: zone, opens, closes, from, to, class, area prefix, service hours only.
     * Columns: id, area_code, name, day, and the parts in microseconds (excluded included).
     */
    private static final String DEVICE_DAYS = """
            params AS MATERIALIZED (SELECT ?::text AS zone, ?::time AS opens, ?::time AS closes,
                                           ?::timestamptz AS f, ?::timestamptz AS t, ?::text AS class, ?::text AS prefix,
                                           ?::boolean AS hours_only),
            device AS (
                SELECT d.id, d.device_class, d.area_code, d.name, %s AS life, r.until AS rolled_until
                  FROM params pr
                  JOIN devices d ON d.device_class = pr.class AND d.area_code LIKE pr.prefix || '%%'
                  LEFT JOIN uptime_rolled r ON r.device_id = d.id
            ),
            day AS (
                SELECT day::date AS day,
                       tstzrange(greatest(day AT TIME ZONE pr.zone, pr.f), least((day + interval '1 day') AT TIME ZONE pr.zone, pr.t)) AS p,
                       day AT TIME ZONE pr.zone >= pr.f AND (day + interval '1 day') AT TIME ZONE pr.zone <= pr.t AS whole
                  FROM params pr
                 CROSS JOIN generate_series((pr.f AT TIME ZONE pr.zone)::date::timestamp,
                                            ((pr.t - interval '1 microsecond') AT TIME ZONE pr.zone)::date::timestamp,
                                            interval '1 day') AS day
                 WHERE pr.t > pr.f
            ),
            piece AS (
                SELECT d.id, d.device_class, d.area_code, dy.day, dy.p, d.life
                  FROM device d CROSS JOIN day dy
                  LEFT JOIN uptime_days u ON dy.whole AND dy.day <= d.rolled_until AND u.device_id = d.id AND u.day = dy.day
                 WHERE u.device_id IS NULL
            ),
            %s,
            parts AS (
                SELECT a.id, a.day, a.length_us,
                       CASE WHEN pr.hours_only THEN a.hours_online_us ELSE a.online_us END AS online_us,
                       CASE WHEN pr.hours_only THEN a.hours_offline_us ELSE a.offline_us END AS offline_us,
                       CASE WHEN pr.hours_only THEN a.hours_unknown_us ELSE a.unknown_us END AS unknown_us,
                       CASE WHEN pr.hours_only THEN a.hours_maintenance_us ELSE a.maintenance_us END AS maintenance_us,
                       CASE WHEN pr.hours_only THEN a.hours_serving_us ELSE a.serving_us END AS serving_us
                  FROM account a CROSS JOIN params pr
                UNION ALL
                SELECT u.device_id, u.day, range_us(multirange(dy.p)),
                       CASE WHEN pr.hours_only THEN u.hours_online_us ELSE u.online_us END,
                       CASE WHEN pr.hours_only THEN u.hours_offline_us ELSE u.offline_us END,
                       CASE WHEN pr.hours_only THEN u.hours_unknown_us ELSE u.unknown_us END,
                       CASE WHEN pr.hours_only THEN u.hours_maintenance_us ELSE u.maintenance_us END,
                       CASE WHEN pr.hours_only THEN u.hours_serving_us ELSE u.serving_us END
                  FROM device d
                  JOIN day dy ON dy.whole AND dy.day <= d.rolled_until
                  JOIN uptime_days u ON u.device_id = d.id AND u.day = dy.day
                 CROSS JOIN params pr
            ),
            device_day AS (
                SELECT p.id, d.area_code, d.name, p.day, p.online_us, p.offline_us, p.unknown_us, p.maintenance_us,
                       p.serving_us, p.length_us - p.online_us - p.offline_us - p.unknown_us - p.maintenance_us AS excluded_us
                  FROM parts p JOIN device d ON d.id = p.id
            )
            """.formatted(LIFE, ACCOUNT);

    /**
     * The uptime report: one row per group, per group and day, and per device (the worst of each
     * group), told apart by {@code kind} (GROUP, DAY, DEVICE). Parameters: those of the device days,
     * then the group key's length in digits (0: per device), and how many worst devices per group.
     */
    static final String REPORT = """
            WITH %s,
            keyed AS (
                SELECT CASE WHEN g.digits = 0 THEN dd.id ELSE rpad(left(dd.area_code, g.digits), 12, '0') END AS grp, dd.*
                  FROM device_day dd CROSS JOIN (SELECT ?::int AS digits) g
            ),
            totals AS (
                SELECT CASE WHEN grouping(day) = 0 THEN 'DAY' WHEN grouping(id) = 0 THEN 'DEVICE' ELSE 'GROUP' END AS kind,
                       grp, day, id, min(name) AS name, min(area_code) AS area_code, count(DISTINCT id) AS devices,
                       sum(online_us) AS online_us, sum(offline_us) AS offline_us, sum(unknown_us) AS unknown_us,
                       sum(maintenance_us) AS maintenance_us, sum(excluded_us) AS excluded_us, sum(serving_us) AS serving_us
                  FROM keyed
                 GROUP BY GROUPING SETS ((grp), (grp, day), (grp, id))
            ),
            ranked AS (
                SELECT t.*, row_number() OVER (PARTITION BY t.kind, t.grp
                           ORDER BY t.online_us::float8 / nullif(t.online_us + t.offline_us, 0) NULLS FIRST, t.unknown_us DESC, t.id) AS rank
                  FROM totals t
            )
            SELECT r.kind, r.grp, coalesce(a.name, r.name) AS grp_name, r.day, r.id, r.name, r.area_code, r.devices,
                   r.online_us, r.offline_us, r.unknown_us, r.maintenance_us, r.excluded_us, r.serving_us
              FROM ranked r LEFT JOIN areas a ON a.code = r.grp
             WHERE r.kind <> 'DEVICE' OR r.rank <= ?
             ORDER BY r.grp, r.kind, r.day, r.rank
            """.formatted(DEVICE_DAYS);

    /**
     * Coverage over a period: per community of the subtree, its devices and the best in-service
     * uptime among them. Parameters: those of the device days, then the area prefix again.
     */
    static final String COVERAGE_OVER = """
            WITH %s,
            per_device AS (
                SELECT id, left(area_code, 12) AS community,
                       100.0 * sum(serving_us) / nullif(sum(online_us + offline_us), 0) AS in_service
                  FROM device_day GROUP BY id, left(area_code, 12)
            )
            SELECT a.code, a.name, count(pd.id) AS devices, count(pd.id) AS ready, max(pd.in_service) AS best
              FROM areas a LEFT JOIN per_device pd ON pd.community = a.code
             WHERE a.level = 'COMMUNITY' AND a.code LIKE ? || '%%'
             GROUP BY a.code, a.name ORDER BY a.code
            """.formatted(DEVICE_DAYS);

    /**
     * Coverage at an instant: per community of the subtree, its active devices of the class and how
     * many of them were in service then (online, in service for a kiosk, outside maintenance).
     * Parameters: the instant, the class, the area prefix.
     */
    static final String COVERAGE_AT = """
            WITH params AS MATERIALIZED (SELECT ?::timestamptz AS at, ?::text AS class, ?::text AS prefix),
            device AS (
                SELECT d.id, d.device_class, d.area_code, left(d.area_code, 12) AS community,
                       (SELECT c.to_state FROM connectivity_changes c
                         WHERE c.device_id = d.id AND c.ts <= pr.at ORDER BY c.ts DESC LIMIT 1) AS link
                  FROM params pr
                  JOIN devices d ON d.device_class = pr.class AND d.area_code LIKE pr.prefix || '%'
                 WHERE (d.installed_at IS NULL OR d.installed_at <= pr.at)
                   AND (d.decommissioned_at IS NULL OR d.decommissioned_at > pr.at)
            ),
            ready AS (
                SELECT d.id, d.community
                  FROM device d CROSS JOIN params pr
                 WHERE d.link = 'ONLINE'
                   AND (d.device_class <> 'KIOSK' OR (SELECT s.in_service FROM service_changes s
                                                       WHERE s.device_id = d.id AND s.ts <= pr.at ORDER BY s.ts DESC LIMIT 1))
                   AND NOT EXISTS (
                       SELECT 1 FROM maintenance_windows m
                        WHERE (m.device_id = d.id OR d.area_code LIKE area_subtree_prefix(m.area_code) || '%')
                          AND m.starts_at <= pr.at AND (m.repeat_until IS NULL OR NOT m.weekly OR pr.at < m.repeat_until)
                          AND CASE WHEN m.weekly
                                   THEN mod(extract(epoch FROM pr.at - m.starts_at), 604800) < extract(epoch FROM m.ends_at - m.starts_at)
                                   ELSE pr.at < m.ends_at END)
            )
            SELECT a.code, a.name, count(d.id) AS devices, count(r.id) AS ready, NULL::float8 AS best
              FROM areas a CROSS JOIN params pr
              LEFT JOIN device d ON d.community = a.code
              LEFT JOIN ready r ON r.id = d.id
             WHERE a.level = 'COMMUNITY' AND a.code LIKE pr.prefix || '%'
             GROUP BY a.code, a.name ORDER BY a.code
            """;
}
