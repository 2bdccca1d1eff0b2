package org.communityhub.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kiosks registered straight into the database of a running hub (which finds a device it does not
 * know yet in the database), for tests with thousands of them: a branch of the area tree with unused
 * codes, and the kiosks in its community with an expected interval of their own.
 */
public final class KioskFleet {

    private KioskFleet() {
    }

    /** Registers {@code count} kiosks; {@code intervalSeconds} null leaves them the class's interval. */
    public static List<String> register(Connection connection, int count, Integer intervalSeconds) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String street = (70 + random.nextInt(30)) + String.format("%02d%02d%03d", 1 + random.nextInt(99),
                1 + random.nextInt(99), 1 + random.nextInt(999));
        String[][] chain = {{street.substring(0, 2) + "0000000000", "PROVINCE", null},
            {street.substring(0, 4) + "00000000", "CITY", street.substring(0, 2) + "0000000000"},
            {street.substring(0, 6) + "000000", "COUNTY", street.substring(0, 4) + "00000000"},
            {street + "000", "STREET", street.substring(0, 6) + "000000"}, {street + "001", "COMMUNITY", street + "000"}};
        try (PreparedStatement area = connection.prepareStatement("""
                INSERT INTO areas (code, name, level, parent_code, kind) VALUES (?, '测试', ?, ?, 'URBAN')
                ON CONFLICT DO NOTHING""")) {
            for (String[] node : chain) {
                area.setString(1, node[0]);
                area.setString(2, node[1]);
                area.setString(3, node[2]);
                area.executeUpdate();
            }
        }
        String prefix = "fleet-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        try (PreparedStatement devices = connection.prepareStatement("""
                INSERT INTO devices (id, device_class, area_code, name, expected_interval_s)
                SELECT ? || g, 'KIOSK', ?, 'kiosk ' || g, ? FROM generate_series(0, ? - 1) g""")) {
            devices.setString(1, prefix);
            devices.setString(2, street + "001");
            devices.setObject(3, intervalSeconds, java.sql.Types.INTEGER);
            devices.setInt(4, count);
            devices.executeUpdate();
        }
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }
}
