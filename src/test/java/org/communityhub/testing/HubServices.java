package org.communityhub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * Gives every Quarkus test the real TimescaleDB and the real MQTT broker: from
 * {@code HUB_TEST_DB_URL} / {@code HUB_TEST_MQTT_URL} when they are set (scripts/test.sh sets them
 * on machines without Docker), else through Testcontainers when a Docker engine answers, else it
 * fails and says how to provide them. Never a mock, never a skip.
 */
public class HubServices implements QuarkusTestResourceLifecycleManager {

    /** The password the tests' admin user gets. */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    static final String TIMESCALEDB_IMAGE = "timescale/timescaledb:2.19.3-pg17";
    static final String MOSQUITTO_IMAGE = "eclipse-mosquitto:2.0.20";

    private GenericContainer<?> database;
    private GenericContainer<?> broker;
    private String mqttUrl;
    private String clientId;

    /** The hub's account on the brokers of the tests (the shared one lets anyone in; the enforcing one reads it). */
    public static final String HUB_MQTT_USER = "hub-tests";
    public static final String HUB_MQTT_PASSWORD = "hub-tests-" + UUID.randomUUID();

    /** The shared secret of the broker hooks (BrokerHooksTest). */
    public static final String BROKER_HOOK_SECRET = "hook-" + UUID.randomUUID();

    /** Where the hub under test writes Mosquitto's password and ACL files. */
    public static final java.nio.file.Path MOSQUITTO_FILES = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "hub-test-mosquitto-files-" + ProcessHandle.current().pid());

    @Override
    public Map<String, String> start() {
        String dbUrl = System.getenv("HUB_TEST_DB_URL");
        String mqttUrl = System.getenv("HUB_TEST_MQTT_URL");
        if (isBlank(dbUrl) || isBlank(mqttUrl)) {
            requireDocker();
            if (isBlank(dbUrl)) {
                dbUrl = startDatabase();
            }
            if (isBlank(mqttUrl)) {
                mqttUrl = startBroker();
            }
        }
        System.out.printf("[hub tests] database %s, broker %s%n", dbUrl, mqttUrl);
        this.mqttUrl = mqttUrl;
        this.clientId = "hub-test-" + UUID.randomUUID().toString().substring(0, 8);
        return Map.ofEntries(
                Map.entry("hub.db.url", dbUrl),
                Map.entry("hub.db.user", envOr("HUB_TEST_DB_USER", "postgres")),
                Map.entry("hub.db.password", envOr("HUB_TEST_DB_PASSWORD", "postgres")),
                Map.entry("hub.mqtt.url", mqttUrl),
                // a fresh persistent session per test run, so no earlier run's queue is replayed
                Map.entry("hub.mqtt.client-id", clientId),
                Map.entry("hub.admin-password", ADMIN_PASSWORD),
                // the hub writes Mosquitto's password and ACL files beside a second, enforcing Mosquitto
                // that BrokerEnforcesDeviceCredentialsTest starts, and makes it reload them
                Map.entry("hub.security.broker-hook-secret", BROKER_HOOK_SECRET),
                Map.entry("hub.mqtt.username", HUB_MQTT_USER),
                Map.entry("hub.mqtt.password", HUB_MQTT_PASSWORD),
                Map.entry("hub.security.mosquitto-password-file", MOSQUITTO_FILES.resolve("passwd").toString()),
                Map.entry("hub.security.mosquitto-acl-file", MOSQUITTO_FILES.resolve("acl").toString()),
                Map.entry("hub.security.mosquitto-reload-command",
                        "[ ! -f " + MOSQUITTO_FILES.resolve("mosquitto.pid") + " ] || kill -HUP \"$(cat "
                                + MOSQUITTO_FILES.resolve("mosquitto.pid") + ")\""),
                // cheap hashes keep the suite fast; production keeps the default cost
                Map.entry("hub.security.bcrypt-cost", "4"),
                // failed sign-ins are counted for 3 s, so that a lock-out test ends quickly and the wrong
                // passwords of bad-input tests, all from 127.0.0.1, never block the address for the others
                Map.entry("hub.security.lockout", "3s"),
                Map.entry("hub.security.address-attempts", "1000"),
                // connectivity tests use devices with one-second intervals: silence is judged within a
                // fifth of a second of the marks passing its deadline
                Map.entry("hub.connectivity.sweep-interval", "200ms"),
                Map.entry("hub.mqtt.mark-interval", "200ms"),
                // timed alert rules and escalation are checked every fifth of a second (the rules' clock is moved
                // forward by the tests, AlertClock); webhook receivers that fail are tried again quickly
                Map.entry("hub.alerts.evaluate-interval", "200ms"),
                // a broadcast unit has 3 s to confirm playing, looked at every fifth of a second
                Map.entry("hub.commands.confirm-within", "3s"),
                Map.entry("hub.commands.confirm-check-interval", "200ms"),
                Map.entry("hub.notify.webhook-retry-initial", "200ms"),
                Map.entry("hub.notify.webhook-retry-max", "1s"),
                Map.entry("hub.notify.webhook-timeout", "2s"),
                Map.entry("hub.notify.webhook-poll-interval", "200ms"),
                // RetentionTest trims when it chooses (not on the schedule), two rows a delete on plain tables
                Map.entry("hub.retention.interval", "0"),
                Map.entry("hub.retention.batch-size", "2"));
    }

    private static void requireDocker() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException("""
                    The tests need a real TimescaleDB and a real MQTT broker, and found neither a Docker engine \
                    nor HUB_TEST_DB_URL and HUB_TEST_MQTT_URL.
                    Run them with scripts/test.sh, which starts both on Debian without Docker, or start them \
                    yourself and set
                      HUB_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/hub   (TimescaleDB, shared_preload_libraries=timescaledb)
                      HUB_TEST_MQTT_URL=tcp://127.0.0.1:1883                  (Mosquitto, see scripts/mosquitto-test.conf)
                    See docs/development.md.""");
        }
    }

    private String startDatabase() {
        database = new GenericContainer<>(TIMESCALEDB_IMAGE)
                .withEnv("POSTGRES_PASSWORD", "postgres")
                .withEnv("POSTGRES_DB", "hub")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        database.start();
        return "jdbc:postgresql://" + database.getHost() + ":" + database.getMappedPort(5432) + "/hub";
    }

    private String startBroker() {
        broker = new GenericContainer<>(MOSQUITTO_IMAGE)
                .withCopyToContainer(Transferable.of(MosquittoConfig.text(1883)), "/mosquitto/config/mosquitto.conf")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort());
        broker.start();
        return "tcp://" + broker.getHost() + ":" + broker.getMappedPort(1883);
    }

    @Override
    public void stop() {
        if (mqttUrl != null) {
            BrokerSessions.forget(mqttUrl, clientId); // the hub has stopped by now
        }
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.stop();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return isBlank(value) ? fallback : value;
    }
}
