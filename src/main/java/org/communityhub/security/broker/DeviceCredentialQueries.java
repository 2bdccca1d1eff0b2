package org.communityhub.security.broker;

final class DeviceCredentialQueries {

    private DeviceCredentialQueries() {
    }

    static final String ISSUE = """
            INSERT INTO device_credentials (device_id, password_hash, issued_at, issued_by) VALUES (?, ?, ?, ?)
            ON CONFLICT (device_id) DO UPDATE
               SET password_hash = EXCLUDED.password_hash, issued_at = EXCLUDED.issued_at,
                   issued_by = EXCLUDED.issued_by, revoked_at = NULL, revoked_by = NULL
            """;

    static final String REVOKE = """
            UPDATE device_credentials SET revoked_at = ?, revoked_by = ? WHERE device_id = ? AND revoked_at IS NULL
            """;

    static final String STATUS = """
            SELECT issued_at, issued_by, revoked_at, revoked_by FROM device_credentials WHERE device_id = ?
            """;

    /** Live credentials: not revoked, of a device still in service; callers add a filter or an order. */
    static final String LIVE = """
            SELECT c.device_id, c.password_hash FROM device_credentials c JOIN devices d ON d.id = c.device_id
             WHERE c.revoked_at IS NULL AND d.state = 'ACTIVE'""";
}
