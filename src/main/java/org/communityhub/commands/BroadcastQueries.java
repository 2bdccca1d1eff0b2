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

    /** Each unit's PLAY command, with its confirmations, and the unit's connectivity. */
    static final String UNITS = """
            SELECT c.device_id, c.command_id, c.state, c.sent_at, c.accepted_at, c.started_at, c.played_at,
                   c.unconfirmed_at, c.detail, s.connectivity, s.connectivity_since
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

    /**
     * PLAY commands of active broadcasts created before the first time (their wait is over) and after
     * the second (older ones are past any expiry) with no playback and no alert yet, oldest first.
     */
    static final String UNCONFIRMED = """
            SELECT c.device_id, c.command_id, c.state, c.sent_at, c.accepted_at, c.detail, b.id AS broadcast_id,
                   b.priority, s.connectivity, s.connectivity_since
              FROM commands c JOIN broadcasts b ON b.id = c.broadcast_id LEFT JOIN device_state s USING (device_id)
             WHERE c.broadcast_id IS NOT NULL AND c.started_at IS NULL AND c.played_at IS NULL
               AND c.unconfirmed_at IS NULL AND c.created_at <= ? AND c.created_at > ?
               AND c.state <> 'DONE' AND b.state = 'ACTIVE'
             ORDER BY c.created_at LIMIT ?
            """;

    /** Marks the PLAYs reported, their rows locked in command id order (as the ingestion's answers are). */
    static final String MARK_UNCONFIRMED = """
            WITH locked AS (SELECT command_id FROM commands WHERE command_id = ANY (?) ORDER BY command_id FOR UPDATE)
            UPDATE commands c SET unconfirmed_at = ? FROM locked WHERE c.command_id = locked.command_id
            """;

    /**
     * A STOP for every unit of the broadcast whose PLAY went out and has not ended (as judged in
     * {@link BroadcastUnit}: sent, accepted or playing, not played, failed or refused).
     */
    static final String STOP_PLAYING = """
            INSERT INTO commands (command_id, device_id, type, params, created_at, created_by, expires_at)
            SELECT gen_random_uuid(), c.device_id, 'STOP', '{}'::jsonb, ?, ?, ?
              FROM commands c
             WHERE c.broadcast_id = ? AND c.type = 'PLAY' AND c.state IN ('SENT', 'ACCEPTED') AND c.played_at IS NULL
            """;

    /** Broadcasts by filters: priority (DRILL, or the real warnings), area subtree, state, created from/to; the caller's areas. */
    private static final String LIST_WHERE = """
             WHERE (?::text IS NULL OR priority = ?::text)
               AND (?::text IS NULL OR priority <> ?::text)
               AND (?::text IS NULL OR area_code LIKE ?::text)
               AND (?::text IS NULL OR state = ?::text)
               AND (?::timestamptz IS NULL OR created_at >= ?::timestamptz)
               AND (?::timestamptz IS NULL OR created_at < ?::timestamptz)
               AND (?::text[] IS NULL OR area_code LIKE ANY (?::text[]))
            """;

    static final String LIST = """
            SELECT id, area_code, text, clip, priority, volume_pct, repeat, expires_at, state, created_at, created_by,
                   stopped_at, stopped_by
              FROM broadcasts""" + LIST_WHERE + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";

    static final String COUNT = "SELECT count(*) FROM broadcasts" + LIST_WHERE;

    /**
     * A broadcast's units grouped by the area whose code is the first {@code digits} of theirs: how
     * many were targeted, how many played (a playback started or ended, or the PLAY is DONE), and when
     * the share that played reached 95 % (the k-th earliest time, k being 95 % of the targeted rounded
     * up; null when fewer played), in seconds from the broadcast.
     */
    static final String REPORT = """
            WITH unit AS (
                SELECT rpad(left(d.area_code, ?), 12, '0') AS area,
                       extract(epoch FROM coalesce(c.started_at, c.played_at,
                                                   CASE WHEN c.state = 'DONE' THEN c.ended_at END) - b.created_at) AS took
                  FROM commands c JOIN devices d ON d.id = c.device_id JOIN broadcasts b ON b.id = c.broadcast_id
                 WHERE c.broadcast_id = ? AND c.type = 'PLAY')
            SELECT GROUPING (unit.area) = 1 AS whole, unit.area, a.name, count(*) AS targeted, count(took) AS played,
                   (array_agg(took ORDER BY took) FILTER (WHERE took IS NOT NULL))[ceil(0.95 * count(*))::int]
                       AS seconds_to_95
              FROM unit LEFT JOIN areas a ON a.code = unit.area
             GROUP BY GROUPING SETS ((unit.area, a.name), ())
             ORDER BY unit.area NULLS FIRST
            """;

    /**
     * The broadcasts whose progress can still change (active and not expired, or stopped within the
     * last minute), each with a fingerprint of its commands that changes whenever a unit moves on.
     */
    static final String LIVE = """
            SELECT b.id, b.state,
                   concat_ws('/', b.state, count(c.sent_at), count(c.accepted_at), count(c.started_at),
                             count(c.played_at), count(c.unconfirmed_at),
                             count(*) FILTER (WHERE c.state IN ('DONE', 'FAILED', 'REJECTED', 'EXPIRED'))) AS fingerprint
              FROM broadcasts b LEFT JOIN commands c ON c.broadcast_id = b.id
             WHERE (b.state = 'ACTIVE' AND b.expires_at > ?) OR b.stopped_at > ?
             GROUP BY b.id, b.state
            """;
}
