package org.communityhub.alerts;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.communityhub.database.Columns;
import org.communityhub.devices.DeviceDirectory;

/** The maintenance windows, kept in memory for the rules and read again after every change through the API. */
@ApplicationScoped
public class Maintenance {

    private static final String COLUMNS = "SELECT id, area_code, device_id, starts_at, ends_at, weekly, repeat_until,"
            + " reason, created_by, created_at FROM maintenance_windows";

    private final AgroalDataSource dataSource;
    private volatile List<MaintenanceWindow> windows = List.of();

    Maintenance(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The window under which the device is at {@code at}, if any. */
    public Optional<MaintenanceWindow> covering(DeviceDirectory.Entry device, Instant at) {
        for (MaintenanceWindow window : windows) {
            if (window.activeAt(at) && window.covers(device.id(), device.areaCode())) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }

    public List<MaintenanceWindow> all() {
        return windows;
    }

    public void reload() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COLUMNS + " ORDER BY id");
                ResultSet row = statement.executeQuery()) {
            List<MaintenanceWindow> fresh = new ArrayList<>();
            while (row.next()) {
                fresh.add(window(row));
            }
            windows = List.copyOf(fresh);
        }
    }

    MaintenanceWindow create(MaintenanceWindow window) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO maintenance_windows (area_code, device_id, starts_at, ends_at, weekly, repeat_until,
                                                         reason, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, created_at
                        """)) {
            statement.setString(1, window.areaCode());
            statement.setString(2, window.deviceId());
            statement.setTimestamp(3, Timestamp.from(window.startsAt()));
            statement.setTimestamp(4, Timestamp.from(window.endsAt()));
            statement.setBoolean(5, window.weekly());
            Columns.setInstant(statement, 6, window.repeatUntil());
            statement.setString(7, window.reason());
            statement.setString(8, window.createdBy());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                MaintenanceWindow created = new MaintenanceWindow(row.getLong(1), window.areaCode(), window.deviceId(),
                        window.startsAt(), window.endsAt(), window.weekly(), window.repeatUntil(), window.reason(),
                        window.createdBy(), row.getTimestamp(2).toInstant());
                reload();
                return created;
            }
        }
    }

    /** Ends a window now (its past stays on record for uptime); false when there is no such window. */
    boolean end(long id, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        UPDATE maintenance_windows
                           SET ends_at = CASE WHEN NOT weekly AND ends_at > ? THEN greatest(?, starts_at + interval '1 microsecond') ELSE ends_at END,
                               repeat_until = CASE WHEN weekly THEN ? ELSE repeat_until END
                         WHERE id = ?
                        """)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setLong(4, id);
            boolean found = statement.executeUpdate() == 1;
            reload();
            return found;
        }
    }

    private static MaintenanceWindow window(ResultSet row) throws SQLException {
        return new MaintenanceWindow(row.getLong("id"), row.getString("area_code"), row.getString("device_id"),
                row.getTimestamp("starts_at").toInstant(), row.getTimestamp("ends_at").toInstant(),
                row.getBoolean("weekly"), Columns.instant(row, "repeat_until"), row.getString("reason"),
                row.getString("created_by"), row.getTimestamp("created_at").toInstant());
    }
}
