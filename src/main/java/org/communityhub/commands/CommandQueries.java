package org.communityhub.commands;

final class CommandQueries {

    private CommandQueries() {
    }

    static final String COLUMNS = """
            SELECT command_id, device_id, type, params, state, created_at, created_by, expires_at, sent_at,
                   accepted_at, ended_at, detail FROM commands""";

    static final String CREATE = """
            INSERT INTO commands (command_id, device_id, type, params, created_at, created_by, expires_at)
            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)
            """;

    /** A device's commands, newest first (the filter is bound by api/Filters). */
    private static final String WHERE = " WHERE (?::text IS NULL OR device_id = ?::text)";

    static final String OF_DEVICE = COLUMNS + WHERE + " ORDER BY created_at DESC, command_id LIMIT ? OFFSET ?";

    static final String COUNT_OF_DEVICE = "SELECT count(*) FROM commands" + WHERE;

    static final String FIND = COLUMNS + " WHERE command_id = ?";

    /**
     * Waiting commands whose device is online now, or may well be (UNKNOWN: the hub could not hear for a
     * while, or has just started), but those in flight, oldest first, claimed for this replica until
     * the given time: rows another replica claimed (until its claim runs out) or holds locked are
     * skipped, so each command goes out from one replica. Those in flight are left out with NOT IN
     * over a subquery, which PostgreSQL hashes: {@code <> ALL (array)} compares each row with every
     * element (372 ms against 26 ms for 2,000 of 12,200 waiting with 10,000 held, measured).
     * Parameters: now, in flight, now, this replica, limit, this replica, claimed until.
     */
    static final String DUE = """
            WITH due AS (
                SELECT c.command_id FROM commands c JOIN device_state s USING (device_id)
                 WHERE c.state = 'PENDING' AND c.expires_at > ? AND s.connectivity IN ('ONLINE', 'UNKNOWN')
                   AND c.command_id NOT IN (SELECT unnest(?::uuid[]))
                   AND (c.claimed_until IS NULL OR c.claimed_until <= ? OR c.claimed_by = ?)
                 ORDER BY c.created_at LIMIT ?
                   FOR UPDATE OF c SKIP LOCKED)
            UPDATE commands c SET claimed_by = ?, claimed_until = ? FROM due WHERE c.command_id = due.command_id
            RETURNING c.command_id, c.device_id, c.type, c.params, c.state, c.created_at, c.created_by, c.expires_at,
                      c.sent_at, c.accepted_at, c.ended_at, c.detail
            """;

    /**
     * Locks the rows of the commands the broker took, in command id order, as the ingestion's answers
     * lock them, so that the two never deadlock; {@link #SENT} then marks them in the same transaction.
     */
    static final String LOCK_TAKEN = "SELECT 1 FROM commands WHERE command_id = ANY (?) ORDER BY command_id FOR UPDATE";

    /**
     * Commands the broker took, each with its time. (Not one statement with the lock as a CTE joined to
     * the ids: PostgreSQL cannot estimate either side and joined 10,000 by 10,000 in a nested loop, which
     * took seconds a batch in the broadcast benchmark.)
     */
    static final String SENT = """
            UPDATE commands c SET state = 'SENT', sent_at = taken.at
              FROM unnest(?::uuid[], ?::timestamptz[]) AS taken (id, at)
             WHERE c.command_id = taken.id AND c.state = 'PENDING'
            """;


    static final String EXPIRE = """
            UPDATE commands SET state = 'EXPIRED', ended_at = expires_at, detail = 'expired before it was sent'
             WHERE state = 'PENDING' AND expires_at <= ?
            """;

    /**
     * Commands sent to these devices, unanswered and not expired, wait again: the devices have just come
     * back and may have missed them while away (a device knows a repeated command by its commandId).
     */
    static final String RESEND = """
            WITH locked AS (SELECT command_id FROM commands
                             WHERE device_id = ANY (?) AND state = 'SENT' AND expires_at > ?
                             ORDER BY command_id FOR UPDATE)
            UPDATE commands c SET state = 'PENDING' FROM locked WHERE c.command_id = locked.command_id
            """;
}
