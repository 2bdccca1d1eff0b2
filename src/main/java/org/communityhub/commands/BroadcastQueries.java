package org.communityhub.commands;

final class BroadcastQueries {

    private BroadcastQueries() {
    }

    static final String CREATE = """
            INSERT INTO broadcasts (area_code, text, clip, priority, volume_pct, repeat, expires_at, created_at, created_by,
                                    cap_sender, cap_identifier)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """;

    /** One PLAY command per active broadcast unit of the subtree. */
    static final String FAN_OUT = """
            INSERT INTO commands (command_id, device_id, type, params, created_at, created_by, expires_at, broadcast_id)
            SELECT gen_random_uuid(), d.id, 'PLAY', ?::jsonb, ?, ?, ?, ?
              FROM devices d
             WHERE d.device_class = 'BROADCAST_UNIT' AND d.state = 'ACTIVE' AND d.area_code LIKE ?
            """;

    static final String FIND = """
            SELECT id, area_code, text, clip, priority, volume_pct, repeat, expires_at, state, created_at, created_by,
                   stopped_at, stopped_by
              FROM broadcasts WHERE id = ?
            """;

    /** Each unit's PLAY command, its connectivity, and its playback events for that command. */
    static final String UNITS = """
            SELECT c.device_id, c.command_id, c.state, c.sent_at, c.accepted_at, c.ended_at, c.detail,
                   s.connectivity, s.connectivity_since,
                   (SELECT min(e.received_at) FROM events e
                     WHERE e.device_id = c.device_id AND e.type = 'PLAYBACK_STARTED' AND e.ts >= c.created_at - interval '1 day'
                       AND e.body ->> 'commandId' = c.command_id::text) AS started_at,
                   (SELECT min(e.received_at) FROM events e
                     WHERE e.device_id = c.device_id AND e.type = 'PLAYBACK_ENDED' AND e.ts >= c.created_at - interval '1 day'
                       AND e.body ->> 'commandId' = c.command_id::text) AS played_at
              FROM commands c LEFT JOIN device_state s USING (device_id)
             WHERE c.broadcast_id = ?
             ORDER BY c.device_id
            """;

    static final String FROM_CAP = """
            SELECT id FROM broadcasts WHERE cap_sender = ? AND cap_identifier = ? AND state = 'ACTIVE' ORDER BY id
            """;

    static final String STOP = """
            UPDATE broadcasts SET state = 'STOPPED', stopped_at = ?, stopped_by = ? WHERE id = ? AND state = 'ACTIVE'
            """;

    /** PLAY commands not sent yet: they never will be. */
    static final String CANCEL_WAITING = """
            UPDATE commands SET state = 'EXPIRED', ended_at = ?, detail = 'the broadcast was stopped before it was sent'
             WHERE broadcast_id = ? AND state = 'PENDING'
            """;
}
