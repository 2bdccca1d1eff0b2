package org.communityhub.security;

final class SessionQueries {

    private SessionQueries() {
    }

    static final String START = """
            INSERT INTO sessions (token_hash, username, created_at, last_used_at, expires_at, address)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    static final String FIND = """
            SELECT s.last_used_at, s.expires_at, u.username, u.password_hash, u.roles, u.area_codes
              FROM sessions s JOIN users u USING (username)
             WHERE s.token_hash = ?
            """;

    static final String TOUCH = "UPDATE sessions SET last_used_at = ? WHERE token_hash = ?";

    static final String END = "DELETE FROM sessions WHERE token_hash = ?";

    static final String END_ALL = "DELETE FROM sessions WHERE username = ?";
}
