package org.communityhub.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.BrokerSessions;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.KioskFleet;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.StoredTelemetry;
import org.communityhub.testing.StreamPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing doubled, against the real TimescaleDB and Mosquitto with the packaged hub in
 * its own process: the hub is killed, the database stopped, the broker restarted, each in the
 * middle of a QoS 1 stream from 200 devices.
 */
class IngestFaultsIT {

    static final int DEVICES = 200;
    static final String PASSWORD = "faults-admin-password";

    private Map<String, String> env;
    private HubProcess hub;
    private List<String> devices;
    private StreamPublisher publisher;

    @BeforeEach
    void startHub() throws SQLException {
        env = OwnServices.hubEnvironment(PASSWORD, "hub-faults-");
        hub = HubProcess.start(env);
        try (Connection db = OwnServices.database()) {
            devices = KioskFleet.register(db, DEVICES, null);
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (hub != null) {
            hub.stop();
            BrokerSessions.forget(env.get("HUB_MQTT_URL"), env.get("HUB_MQTT_CLIENT_ID"));
        }
    }

    @Test
    void aHubKilledMidStreamLosesNothingAndDoublesNothing() throws Exception {
        int total = 20_000;
        publisher = new StreamPublisher(env.get("HUB_MQTT_URL"), devices, total, 2_000).start();
        awaitStored(4_000, 60);

        hub.kill();
        assertTrue(stored() < total, "the kill must land in the middle of the stream");
        Thread.sleep(1_000);
        hub = HubProcess.start(env);

        publisher.awaitAcknowledged(120);
        awaitStored(total, 120);
        assertExactlyOnce(total);
    }

    @Test
    void aDatabaseStoppedForTenSecondsLosesNothingAndTheHubSurvives() throws Exception {
        int total = 20_000;
        publisher = new StreamPublisher(env.get("HUB_MQTT_URL"), devices, total, 1_000).start();
        awaitStored(3_000, 60);

        OwnServices.run("HUB_TEST_DB_STOP");
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(hub.managementUrl("/q/health/ready"))
                    .then().statusCode(503));
            Thread.sleep(10_000);
            assertTrue(hub.alive(), "the hub must not crash while the database is down");
        } finally {
            OwnServices.run("HUB_TEST_DB_START");
        }

        publisher.awaitAcknowledged(120);
        awaitStored(total, 120);
        assertExactlyOnce(total);
        assertTrue(hub.alive());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(hub.managementUrl("/q/health/ready"))
                .then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void aBrokerRestartedMidStreamIsRejoinedAndTheStreamResumes() throws Exception {
        int total = 10_000;
        publisher = new StreamPublisher(env.get("HUB_MQTT_URL"), devices, total, 1_000).start();
        awaitStored(2_000, 60);

        OwnServices.run("HUB_TEST_MQTT_STOP");
        Thread.sleep(1_000);
        OwnServices.run("HUB_TEST_MQTT_START");

        publisher.awaitAcknowledged(120);
        awaitStored(total, 120);
        assertExactlyOnce(total);
        assertTrue(hub.lines().stream().filter(line -> line.contains("MQTT connected")).count() >= 2,
                "the hub must have reconnected by itself");
    }

    private void awaitStored(int count, int seconds) throws InterruptedException {
        StoredTelemetry.await(devices, count, seconds, () -> {
            List<String> lines = hub.lines();
            return "the broker acknowledged " + publisher.acknowledged() + " publishes; the hub's last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        });
    }

    private void assertExactlyOnce(int total) throws SQLException {
        StoredTelemetry.assertExactlyOnce(devices, total);
    }

    private int stored() {
        return StoredTelemetry.count(devices);
    }
}
