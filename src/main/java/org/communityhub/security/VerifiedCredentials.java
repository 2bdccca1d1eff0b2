package org.communityhub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Usernames and passwords verified recently, so that HTTP Basic, which sends them with every request,
 * costs one bcrypt check per user and {@link SecurityConfig#credentialCache()} instead of one per
 * request (about 90 ms each on this project's 2-core machine, measured in docs/benchmarks.md).
 * <p>
 * Nothing here can give away a password: the key holds a SHA-256 of the password with a random salt
 * made at start (never stored), and the value is the stored bcrypt hash the password matched. The
 * caller compares that with the user's hash as stored now, so a changed password (a new hash) is
 * checked with bcrypt again at once, and roles and areas are always read fresh.
 */
@ApplicationScoped
public class VerifiedCredentials {

    private final byte[] salt = new byte[32];
    private final Cache<String, String> verified;
    private final boolean enabled;

    VerifiedCredentials(SecurityConfig config) {
        new SecureRandom().nextBytes(salt);
        this.enabled = !config.credentialCache().isZero();
        this.verified = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.credentialCache()).build();
    }

    /** Whether this password was verified recently against {@code storedHash}, the user's hash as stored now. */
    boolean verified(String username, String password, String storedHash) {
        return enabled && storedHash.equals(verified.getIfPresent(key(username, password)));
    }

    /** The password matched {@code storedHash}. */
    void remember(String username, String password, String storedHash) {
        if (enabled) {
            verified.put(key(username, password), storedHash);
        }
    }

    private String key(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
