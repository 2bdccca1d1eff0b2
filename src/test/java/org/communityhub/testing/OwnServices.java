package org.communityhub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The database and broker that scripts/test.sh started, for tests that take them away and bring
 * them back: their URLs and the commands that stop and start them ({@code HUB_TEST_*}).
 */
public final class OwnServices {

    private OwnServices() {
    }

    public static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set. The fault tests stop and start the real database "
                    + "and broker; run them with scripts/test.sh, which provides HUB_TEST_DB_URL, HUB_TEST_MQTT_URL and "
                    + "HUB_TEST_DB_STOP/START, HUB_TEST_MQTT_STOP/START (docs/development.md).");
        }
        return value;
    }

    public static Connection database() throws SQLException {
        return DriverManager.getConnection(required("HUB_TEST_DB_URL"),
                System.getenv().getOrDefault("HUB_TEST_DB_USER", "postgres"),
                System.getenv().getOrDefault("HUB_TEST_DB_PASSWORD", "postgres"));
    }

    /**
     * The environment of a packaged hub ({@link HubProcess}) against these services: a free HTTP
     * port, cheap password hashes, and a client id of its own; add to it as a test needs.
     */
    public static Map<String, String> hubEnvironment(String adminPassword, String clientIdPrefix) {
        Map<String, String> env = new HashMap<>();
        env.put("HUB_DB_URL", required("HUB_TEST_DB_URL"));
        env.put("HUB_MQTT_URL", required("HUB_TEST_MQTT_URL"));
        env.put("HUB_ADMIN_PASSWORD", adminPassword);
        env.put("HUB_SECURITY_BCRYPT_COST", "4");
        env.put("HUB_HTTP_PORT", String.valueOf(HubProcess.freePort()));
        env.put("HUB_MQTT_CLIENT_ID", clientIdPrefix + UUID.randomUUID().toString().substring(0, 8));
        return env;
    }

    /**
     * {@link #hubEnvironment} for a hub that notices an outage within a second: it reconnects to the
     * broker at least every second, and marks and sweeps twice a second (docs/connectivity.md).
     */
    public static Map<String, String> quickHubEnvironment(String adminPassword, String clientIdPrefix) {
        Map<String, String> env = hubEnvironment(adminPassword, clientIdPrefix);
        env.put("HUB_MQTT_MAX_RECONNECT_DELAY", "1s");
        env.put("HUB_MQTT_MARK_INTERVAL", "500ms");
        env.put("HUB_CONNECTIVITY_SWEEP_INTERVAL", "500ms");
        return env;
    }

    /** The first column of the first row {@code sql} finds with {@code parameter}, as text; null when none. */
    public static String text(String sql, String parameter) throws SQLException {
        try (Connection connection = database(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (var row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** How many rows {@code table} holds for these devices. */
    public static long count(Connection connection, String table, java.util.List<String> devices) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE device_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", devices.toArray()));
            try (var row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Runs one of the {@code HUB_TEST_*_STOP/START} commands. */
    public static void run(String variable) throws Exception {
        String command = required(variable);
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        assertEquals(0, process.waitFor(), command);
    }
}
