package org.communityhub.security.broker;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.communityhub.database.Columns;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.SecurityConfig;

/**
 * Per-device MQTT passwords: issued (or rotated) by the hub, shown once, stored as a slow hash
 * ({@link DevicePasswords}); revoked ones stay on record. Every change is announced (asynchronously)
 * as {@link Changed}, so that Mosquitto's files are rewritten and the embedded broker drops a revoked
 * device's connection; the ingestion reads the device afresh at once.
 */
@ApplicationScoped
public class DeviceCredentials {

    /** A device's credential as the API shows it: never the password or its hash. */
    public record Status(String deviceId, String state, Instant issuedAt, String issuedBy, Instant revokedAt,
            String revokedBy) {
    }

    /** A credential was issued, rotated or revoked. */
    public record Changed(String deviceId) {
    }

    private final AgroalDataSource dataSource;
    private final SecurityConfig config;
    private final DeviceDirectory directory;
    private final Event<Changed> changes;

    DeviceCredentials(AgroalDataSource dataSource, SecurityConfig config, DeviceDirectory directory,
            Event<Changed> changes) {
        this.dataSource = dataSource;
        this.config = config;
        this.directory = directory;
        this.changes = changes;
    }

    /** Issues a new password for the device, replacing (and so ending) any earlier one; returns it. */
    String issue(String deviceId, String user) throws SQLException {
        String password = DevicePasswords.generate();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DeviceCredentialQueries.ISSUE)) {
            statement.setString(1, deviceId);
            statement.setString(2, DevicePasswords.hash(password, config.devicePasswordIterations()));
            statement.setTimestamp(3, Timestamp.from(Instant.now()));
            statement.setString(4, user);
            statement.executeUpdate();
        }
        changed(deviceId);
        return password;
    }

    /** Revokes the device's credential; false when it has none or it is revoked already. */
    boolean revoke(String deviceId, String user) throws SQLException {
        boolean revoked;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DeviceCredentialQueries.REVOKE)) {
            statement.setTimestamp(1, Timestamp.from(Instant.now()));
            statement.setString(2, user);
            statement.setString(3, deviceId);
            revoked = statement.executeUpdate() == 1;
        }
        if (revoked) {
            changed(deviceId);
        }
        return revoked;
    }

    Status status(String deviceId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DeviceCredentialQueries.STATUS)) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return new Status(deviceId, "NONE", null, null, null, null);
                }
                Instant revokedAt = Columns.instant(row, "revoked_at");
                return new Status(deviceId, revokedAt == null ? "ACTIVE" : "REVOKED", Columns.instant(row, "issued_at"),
                        row.getString("issued_by"), revokedAt, row.getString("revoked_by"));
            }
        }
    }

    /** Whether the password is the device's live credential (not revoked, the device ACTIVE). */
    public boolean matches(String deviceId, String password) throws SQLException {
        return liveHash(deviceId).filter(hash -> DevicePasswords.matches(password, hash)).isPresent();
    }

    /** The stored hash of a device's live credential: none when it has none, it is revoked or the device is not ACTIVE. */
    public Optional<String> liveHash(String deviceId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DeviceCredentialQueries.LIVE + " AND c.device_id = ?")) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString("password_hash")) : Optional.empty();
            }
        }
    }

    /** Every live credential, device id to stored hash, ordered by device id. */
    Map<String, String> liveHashes() throws SQLException {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DeviceCredentialQueries.LIVE + " ORDER BY c.device_id")) {
            statement.setFetchSize(10_000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    hashes.put(row.getString("device_id"), row.getString("password_hash"));
                }
            }
        }
        return hashes;
    }

    private void changed(String deviceId) {
        directory.forget(deviceId);
        changes.fireAsync(new Changed(deviceId));
    }
}
