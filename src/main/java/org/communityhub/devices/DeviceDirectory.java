package org.communityhub.devices;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Looks devices up over JDBC for the paths that stay off Hibernate Reactive: MQTT ingestion and
 * telemetry reads.
 */
@ApplicationScoped
public class DeviceDirectory {

    /** What the ingestion and read paths need to know of a device. */
    public record Entry(String id, DeviceClass deviceClass, DeviceState state, String areaCode) {
    }

    private static final String FIND = """
            SELECT id, device_class, state, area_code FROM devices WHERE id = ?
            """;

    private final AgroalDataSource dataSource;

    DeviceDirectory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Entry> find(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(row.getString("id"), DeviceClass.valueOf(row.getString("device_class")),
                        DeviceState.valueOf(row.getString("state")), row.getString("area_code")));
            }
        }
    }
}
