package org.communityhub.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.KioskFleet;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.StoredTelemetry;
import org.communityhub.testing.StreamPublisher;
import org.communityhub.testing.TwoReplicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub processes, the packaged hub, against the same TimescaleDB and Mosquitto on one MQTT shared
 * subscription ({@code HUB_MQTT_SHARED_GROUP}), each with its own persistent session: the stream is
 * split between them and stored exactly once, and one killed in the middle of it loses nothing: the
 * broker keeps queueing its share, and the replica restarted under the same client id drains it;
 * one stopped while the other hears leaves the stream, so nothing queues for it while it is away.
 */
class TwoReplicasIT {

    static final int DEVICES = 200;

    private TwoReplicas replicas;
    private List<String> devices;
    private StreamPublisher publisher;

    @BeforeEach
    void startTwoReplicas() throws SQLException {
        replicas = TwoReplicas.start(false, Map.of());
        try (Connection db = OwnServices.database()) {
            devices = KioskFleet.register(db, DEVICES, null);
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        replicas.close();
    }

    @Test
    void theStreamIsSplitStoredOnceAndAKilledReplicaLosesNothing() throws Exception {
        int total = 20_000;
        publisher = new StreamPublisher(replicas.brokerUrl(), devices, total, 2_000).start();
        awaitStored(4_000, 60);
        assertTrue(received(replicas.b) > 0, "replica b takes its share of the stream");

        replicas.a.kill(); // SIGKILL: no goodbye, its session and its queued share stay at the broker
        assertTrue(stored() < total, "the kill must land in the middle of the stream");
        Thread.sleep(1_000);
        replicas.a = HubProcess.start(replicas.envA); // the same client id: the session, and what waited in it

        publisher.awaitAcknowledged(120);
        awaitStored(total, 120);
        StoredTelemetry.assertExactlyOnce(devices, total);
        assertTrue(received(replicas.a) > 0, "the restarted replica drained its share");
        assertTrue(received(replicas.b) > 0);
    }

    @Test
    void aReplicaStoppedWhileTheOtherHearsLeavesTheStreamAndNothingWaitsForIt() throws Exception {
        int total = 30_000; // 15 s at 2,000/s: the stop, with its drain and the shutdown, lands well inside it
        publisher = new StreamPublisher(replicas.brokerUrl(), devices, total, 2_000).start();
        awaitStored(2_000, 60);
        replicas.a.stop(); // SIGTERM, as a scale-in or a rolling update sends: a leaves while b hears
        assertTrue(replicas.a.logContains("this replica left the shared stream and drained its share"), String.join("\n", last(replicas.a)));
        assertTrue(stored() < total, "the stop must land in the middle of the stream");
        assertEquals("LEFT", membership(replicas.envA.get("HUB_MQTT_CLIENT_ID")));

        // a stays away: had its session kept its subscription, the broker would queue a share for it
        publisher.awaitAcknowledged(120);
        awaitStored(total, 120);
        StoredTelemetry.assertExactlyOnce(devices, total);

        replicas.b.stop(); // the last replica that hears keeps its subscription: the broker queues for it
        assertEquals("MEMBER", membership(replicas.envB.get("HUB_MQTT_CLIENT_ID")));
        replicas.a = HubProcess.start(replicas.envA);
        assertEquals("MEMBER", membership(replicas.envA.get("HUB_MQTT_CLIENT_ID")), "a replica that comes back subscribes again");
    }

    private static String membership(String clientId) throws SQLException {
        return OwnServices.text("SELECT membership FROM hub_replicas WHERE client_id = ?", clientId);
    }

    private static double received(HubProcess hub) {
        String metrics = RestAssured.given().get(hub.managementUrl("/q/metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("hub_ingest_messages_received_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private void awaitStored(int count, int seconds) throws InterruptedException {
        StoredTelemetry.await(devices, count, seconds, () -> "the broker acknowledged " + publisher.acknowledged()
                + " publishes; replica a's last lines:\n" + String.join("\n", last(replicas.a)) + "\nreplica b's:\n"
                + String.join("\n", last(replicas.b)));
    }

    private static List<String> last(HubProcess hub) {
        List<String> lines = hub.lines();
        return lines.subList(Math.max(0, lines.size() - 15), lines.size());
    }

    private int stored() {
        return StoredTelemetry.count(devices);
    }
}
