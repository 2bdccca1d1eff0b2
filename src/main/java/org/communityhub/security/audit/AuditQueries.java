package org.communityhub.security.audit;

final class AuditQueries {

    private AuditQueries() {
    }

    static final String INSERT = """
            INSERT INTO audit_log (username, action, object_type, object_id, status, before, after, address)
            VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8)
            """;

    private static final String WHERE = """
             WHERE (?::text IS NULL OR username = ?::text)
               AND (?::text IS NULL OR object_type = ?::text)
               AND (?::text IS NULL OR object_id = ?::text)
               AND (?::timestamptz IS NULL OR at >= ?::timestamptz)
               AND (?::timestamptz IS NULL OR at < ?::timestamptz)
            """;

    static final String LIST = "SELECT id, at, username, action, object_type, object_id, status, before, after, address"
            + " FROM audit_log" + WHERE + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?";

    static final String COUNT = "SELECT count(*) FROM audit_log" + WHERE;
}
