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
}
