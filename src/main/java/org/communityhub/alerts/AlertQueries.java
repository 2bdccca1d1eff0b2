package org.communityhub.alerts;

/** The alert statements, one per constant. */
final class AlertQueries {

    private AlertQueries() {
    }

    /** Opens an alert, or counts a repeated trigger on the active one; a redelivered trigger matches nothing. */
    static final String RAISE = """
            INSERT INTO alerts (device_id, area_code, device_class, rule, type, severity, state, count, opened_at,
                                updated_at, detail, defect, trigger_ts, trigger_seq)
            VALUES (?, ?, ?, ?, ?, ?, 'OPEN', 1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device_id, rule) WHERE state IN ('OPEN', 'ACKNOWLEDGED', 'ASSIGNED')
            DO UPDATE SET count = alerts.count + 1, updated_at = excluded.updated_at, detail = excluded.detail,
                          defect = coalesce(excluded.defect, alerts.defect),
                          trigger_ts = excluded.trigger_ts, trigger_seq = excluded.trigger_seq
             WHERE excluded.trigger_ts IS NULL OR alerts.trigger_ts IS DISTINCT FROM excluded.trigger_ts
                OR alerts.trigger_seq IS DISTINCT FROM excluded.trigger_seq
            RETURNING *, (xmax = 0) AS inserted
            """;

    /** The device's alert of the rule that was resolved at or after the given time, to reopen. */
    static final String REOPEN = """
            UPDATE alerts SET state = 'OPEN', count = count + 1, updated_at = ?, detail = ?,
                              defect = coalesce(?, defect), trigger_ts = ?, trigger_seq = ?,
                              resolved_at = NULL, resolution = NULL, acknowledged_at = NULL, assignee = NULL,
                              escalated_to = NULL
             WHERE id = (SELECT id FROM alerts WHERE device_id = ? AND rule = ? AND state = 'RESOLVED'
                           AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT 1)
               AND state = 'RESOLVED'
               AND NOT EXISTS (SELECT 1 FROM alerts WHERE device_id = ? AND rule = ? AND state IN
                               ('OPEN', 'ACKNOWLEDGED', 'ASSIGNED'))
            RETURNING *
            """;

    static final String AUTO_RESOLVE = """
            WITH before AS (SELECT id, state FROM alerts WHERE device_id = ? AND rule = ?
                              AND state IN ('OPEN', 'ACKNOWLEDGED', 'ASSIGNED') FOR UPDATE)
            UPDATE alerts a SET state = 'RESOLVED', resolved_at = ?, resolution = ?, updated_at = ?
              FROM before WHERE a.id = before.id
            RETURNING a.*, before.state AS from_state
            """;

    static final String LOCK_FOR_ACTION = "SELECT * FROM alerts WHERE id = ? FOR UPDATE";

    static final String FIND = "SELECT * FROM alerts WHERE id = ?";

    /** Trail ids are committed in id order: every writer of the trail takes this lock first. */
    static final String TRAIL_LOCK = "SELECT pg_advisory_xact_lock(7214500901)";

    static final String TRAIL = """
            INSERT INTO alert_trail (alert_id, at, action, actor, from_state, to_state, detail, area_code, alert)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id
            """;

    /**
     * The deliveries a trail step owes the webhooks of its alert's area subtree (at or above their
     * severity), written in the step's transaction.
     */
    static final String OWE_WEBHOOKS = """
            INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_at)
            SELECT id, ?, now() FROM webhooks
             WHERE enabled AND ? LIKE area_prefix || '%'
               AND array_position(ARRAY['CRITICAL', 'MAJOR', 'MINOR', 'WARNING'], ?)
                   <= array_position(ARRAY['CRITICAL', 'MAJOR', 'MINOR', 'WARNING'], min_severity)
            """;

    static final String TRAIL_OF = """
            SELECT id, at, action, actor, from_state, to_state, detail, area_code
              FROM alert_trail WHERE alert_id = ? ORDER BY id
            """;

    /** Critical alerts nobody acknowledged: candidates for the next escalation step. */
    static final String UNACKNOWLEDGED_CRITICAL = """
            SELECT * FROM alerts WHERE state = 'OPEN' AND severity = 'CRITICAL' AND opened_at <= ?
            """;

    static final String ESCALATE = """
            UPDATE alerts SET escalated_to = ?, updated_at = ?
             WHERE id = ? AND state = 'OPEN' AND escalated_to IS NOT DISTINCT FROM ? RETURNING *
            """;

    static final String CONDITIONS = "SELECT device_id, rule, since, accrued_ms, detail, status FROM alert_conditions";

    static final String CONDITIONS_OF_DEVICE = CONDITIONS + " WHERE device_id = ?";

    /**
     * The conditions of the devices an evaluation looks at, locked until it commits: replicas
     * sharing the stream each see a share of a device's messages, and take turns on its conditions.
     */
    static final String CONDITIONS_TO_EVALUATE = CONDITIONS
            + " WHERE device_id = ANY (?) ORDER BY device_id, rule FOR UPDATE";

    /** The conditions being timed, for the timed evaluation; those an evaluation holds wait for the next. */
    static final String CONDITIONS_TIMED = CONDITIONS
            + " WHERE status <> 'FIRED' ORDER BY device_id, rule FOR UPDATE SKIP LOCKED";

    static final String SAVE_CONDITION = """
            INSERT INTO alert_conditions (device_id, rule, since, accrued_ms, detail, status) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (device_id, rule) DO UPDATE SET since = excluded.since, accrued_ms = excluded.accrued_ms,
                   detail = excluded.detail, status = excluded.status
            """;

    static final String DELETE_CONDITION = "DELETE FROM alert_conditions WHERE device_id = ? AND rule = ?";

    static final String SUPPRESSED = """
            INSERT INTO alert_suppressions (device_id, rule, at, window_id, detail) VALUES (?, ?, ?, ?, ?)
            """;

    static final String PROGRESS = "SELECT events_until FROM alerting_progress WHERE id = 1";

    static final String SAVE_PROGRESS = """
            INSERT INTO alerting_progress (id, events_until) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET events_until = greatest(alerting_progress.events_until, excluded.events_until)
            """;

    /**
     * Events committed after the progress mark: evaluated again at start. They are the few the
     * alerting thread had not reached when the hub stopped (the mark moves with every evaluation).
     */
    static final String EVENTS_AFTER = """
            SELECT device_id, device_class, ts, seq, type, body, defect, received_at FROM events
             WHERE received_at > ? ORDER BY received_at, device_id
            """;
}
