package org.communityhub.security;

final class UserQueries {

    private UserQueries() {
    }

    static final String FIND = """
            SELECT username, password_hash, roles, area_codes FROM users WHERE username = ?
            """;

    static final String LIST = """
            SELECT username, password_hash, roles, area_codes FROM users ORDER BY username
            """;

    static final String UPSERT = """
            INSERT INTO users (username, password_hash, roles, area_codes) VALUES (?, ?, ?, ?)
            ON CONFLICT (username) DO UPDATE
               SET password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles,
                   area_codes = EXCLUDED.area_codes, updated_at = now()
            """;

    static final String UPDATE = """
            UPDATE users SET roles = ?, area_codes = ?, updated_at = now() WHERE username = ?
            """;

    static final String SET_PASSWORD = """
            UPDATE users SET password_hash = ?, updated_at = now() WHERE username = ?
            """;

    static final String DELETE = "DELETE FROM users WHERE username = ?";

    static final String UNKNOWN_AREAS = """
            SELECT code FROM unnest(?::text[]) AS asked (code)
             WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = asked.code)
            """;
}
