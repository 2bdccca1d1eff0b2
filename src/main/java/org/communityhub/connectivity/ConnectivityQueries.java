package org.communityhub.connectivity;

final class ConnectivityQueries {

    private ConnectivityQueries() {
    }

    static final String LOAD = """
            SELECT device_id, connectivity, connectivity_since, connectivity_reason, last_seen FROM device_state
            """;

    /** Changes as parallel arrays (device, ts, from, to, reason); a change already stored is left alone. */
    static final String INSERT_CHANGES = """
            INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason)
            SELECT d, t::timestamptz, f, s, r FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS c (d, t, f, s, r)
            ON CONFLICT (device_id, ts) DO NOTHING
            """;

    /**
     * Links as parallel arrays, one per device, written in device order (so that two transactions
     * touching the same rows lock them in the same order); last-seen only moves forward.
     */
    static final String UPSERT_STATE = """
            INSERT INTO device_state AS s (device_id, last_seen, connectivity, connectivity_since, connectivity_reason)
            SELECT d, l::timestamptz, c, cs::timestamptz, r FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u (d, l, c, cs, r)
             ORDER BY d
            ON CONFLICT (device_id) DO UPDATE SET
                last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen),
                connectivity = EXCLUDED.connectivity,
                connectivity_since = EXCLUDED.connectivity_since,
                connectivity_reason = EXCLUDED.connectivity_reason
            """;

    /** Last-seen times as parallel arrays (device, time), in device order; they only move forward. */
    static final String UPSERT_LAST_SEEN = """
            INSERT INTO device_state AS s (device_id, last_seen)
            SELECT d, l::timestamptz FROM unnest(?::text[], ?::text[]) AS u (d, l) ORDER BY d
            ON CONFLICT (device_id) DO UPDATE SET last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen)
            """;

    static final String LAST_ALIVE = "SELECT max(alive_at) FROM hub_runs";

    static final String START_RUN = "INSERT INTO hub_runs (instance, started_at, alive_at) VALUES (?, ?, ?) RETURNING id";

    static final String ALIVE = "UPDATE hub_runs SET alive_at = ? WHERE id = ?";

    /**
     * A replica joins (or comes back) under its client id: deaf since it was last alive. A client id
     * new to the database, or one that had left, has nothing queued for it before now.
     */
    static final String JOIN = """
            INSERT INTO hub_replicas AS r (client_id, membership, deafness, since, heard_until, alive_at)
            VALUES (?, 'MEMBER', 'HUB_DOWN', ?, ?, ?)
            ON CONFLICT (client_id) DO UPDATE SET
                membership = 'MEMBER', deafness = 'HUB_DOWN',
                since = CASE WHEN r.membership = 'LEFT' THEN EXCLUDED.since ELSE r.alive_at END,
                heard_until = CASE WHEN r.membership = 'LEFT' THEN EXCLUDED.heard_until ELSE r.heard_until END,
                alive_at = EXCLUDED.alive_at
            RETURNING since
            """;

    /** A replica's hearing, written with each batch it commits; heard-until only moves forward. */
    static final String HEARING = """
            UPDATE hub_replicas SET deafness = ?, since = ?, heard_until = GREATEST(heard_until, coalesce(?, heard_until)),
                   alive_at = ?
             WHERE client_id = ?
            """;

    static final String REPLICAS = "SELECT client_id, membership, deafness, since, heard_until, alive_at FROM hub_replicas";

    static final String LOCK_REPLICAS = "SELECT client_id FROM hub_replicas ORDER BY client_id FOR UPDATE";

    static final String MEMBERSHIP = "UPDATE hub_replicas SET membership = ?, alive_at = ? WHERE client_id = ?";

    /** Signs as parallel arrays (device, time, kind). */
    static final String FORWARD_SIGNS = """
            INSERT INTO connectivity_signs (device_id, at, kind)
            SELECT d, a::timestamptz, k FROM unnest(?::text[], ?::text[], ?::text[]) AS s (d, a, k)
            """;

    /** Every committed sign, taken off the table in the judging replica's transaction. */
    static final String TAKE_SIGNS = "DELETE FROM connectivity_signs RETURNING device_id, at, kind";

    static final String STATE = """
            SELECT d.id, d.device_class, s.connectivity, s.connectivity_since, s.connectivity_reason, s.last_seen
              FROM devices d LEFT JOIN device_state s ON s.device_id = d.id
             WHERE d.id = ?
            """;

    static final String CHANGES = """
            SELECT ts, from_state, to_state, reason FROM connectivity_changes
             WHERE device_id = ? AND ts >= ? AND ts < ?
             ORDER BY ts DESC LIMIT ? OFFSET ?
            """;

    static final String COUNT_CHANGES = """
            SELECT count(*) FROM connectivity_changes WHERE device_id = ? AND ts >= ? AND ts < ?
            """;

    /** Active devices with their connectivity (filters bound by DeviceStatesResource: area, class, state, scope). */
    private static final String STATES_WHERE = """
             FROM devices d LEFT JOIN device_state s ON s.device_id = d.id
            WHERE d.state = 'ACTIVE' AND d.area_code LIKE coalesce(?::text, '%')
              AND (?::text IS NULL OR d.device_class = ?::text)
              AND (?::text IS NULL OR coalesce(s.connectivity, 'UNKNOWN') = ?::text)
              AND (? OR d.area_code LIKE ANY (?::text[]))
            """;

    static final String STATES = """
            SELECT d.id, d.device_class, d.area_code, d.name, d.lat, d.lon,
                   coalesce(s.connectivity, 'UNKNOWN') AS connectivity, s.connectivity_since, s.connectivity_reason, s.last_seen
            """ + STATES_WHERE + " ORDER BY d.id LIMIT ? OFFSET ?";

    static final String COUNT_STATES = "SELECT count(*)" + STATES_WHERE;
}
