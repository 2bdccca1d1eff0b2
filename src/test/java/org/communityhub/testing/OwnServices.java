package org.communityhub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

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

    /** Runs one of the {@code HUB_TEST_*_STOP/START} commands. */
    public static void run(String variable) throws Exception {
        String command = required(variable);
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        assertEquals(0, process.waitFor(), command);
    }
}
