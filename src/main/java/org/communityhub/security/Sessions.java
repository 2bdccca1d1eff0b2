package org.communityhub.security;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Console sessions: a random 256-bit token per sign-in, kept in the database as its SHA-256 hash, so
 * that every replica honours it and signing out ends it everywhere at once. Roles and areas are read
 * with the session on every request, so a change to the user applies to signed-in sessions too.
 */
@ApplicationScoped
public class Sessions {

    /** A session handed out at sign-in: the token is shown this once. */
    public record Started(String token, Instant expiresAt) {
    }

    /** Last-use times are written at most this often, so that a busy console does not write per request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource dataSource;
    private final SecurityConfig config;

    Sessions(AgroalDataSource dataSource, SecurityConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    Started start(String username, String address) throws SQLException {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = Instant.now();
        Instant expires = now.plus(config.sessionLifetime());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SessionQueries.START)) {
            statement.setBytes(1, hash(token));
            statement.setString(2, username);
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setTimestamp(5, Timestamp.from(expires));
            statement.setString(6, address);
            statement.executeUpdate();
        }
        return new Started(token, expires);
    }

    /** The user of a live session; an expired or idle one is deleted and gives nothing. */
    Optional<User> user(String token) throws SQLException {
        byte[] hash = hash(token);
        Instant now = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(SessionQueries.FIND)) {
                statement.setBytes(1, hash);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Instant lastUsed = row.getTimestamp("last_used_at").toInstant();
                    if (!now.isBefore(row.getTimestamp("expires_at").toInstant())
                            || !now.isBefore(lastUsed.plus(config.sessionIdle()))) {
                        delete(connection, SessionQueries.END, hash);
                        return Optional.empty();
                    }
                    User user = Users.user(row);
                    if (now.isAfter(lastUsed.plus(TOUCH_EVERY))) {
                        try (PreparedStatement touch = connection.prepareStatement(SessionQueries.TOUCH)) {
                            touch.setTimestamp(1, Timestamp.from(now));
                            touch.setBytes(2, hash);
                            touch.executeUpdate();
                        }
                    }
                    return Optional.of(user);
                }
            }
        }
    }

    /** Ends one session; false when there was none with this token. */
    boolean end(String token) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return delete(connection, SessionQueries.END, hash(token)) == 1;
        }
    }

    private static int delete(Connection connection, String sql, byte[] hash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, hash);
            return statement.executeUpdate();
        }
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
