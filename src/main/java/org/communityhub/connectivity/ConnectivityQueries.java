package org.communityhub.connectivity;

final class ConnectivityQueries {

    private ConnectivityQueries() {
    }

    static final String LOAD = """
            SELECT device_id, connectivity, connectivity_since, connectivity_reason, last_seen FROM device_state
            """;

    static final String INSERT_CHANGE = """
            INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)
            """;

    /** Merges staged links (one row per device); last-seen only moves forward. */
    static final String MERGE_STATE = """
            INSERT INTO device_state AS s (device_id, last_seen, connectivity, connectivity_since, connectivity_reason)
            SELECT device_id, last_seen, connectivity, connectivity_since, connectivity_reason FROM stage_device_state
            ON CONFLICT (device_id) DO UPDATE SET
                last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen),
                connectivity = EXCLUDED.connectivity,
                connectivity_since = EXCLUDED.connectivity_since,
                connectivity_reason = EXCLUDED.connectivity_reason
            """;

    static final String LAST_ALIVE = "SELECT max(alive_at) FROM hub_runs";

    static final String START_RUN = "INSERT INTO hub_runs (instance, started_at, alive_at) VALUES (?, ?, ?) RETURNING id";

    static final String ALIVE = "UPDATE hub_runs SET alive_at = ? WHERE id = ?";

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
}
