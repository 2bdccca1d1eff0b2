package org.communityhub.scaling;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.restassured.RestAssured;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.KioskFleet;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.StreamPublisher;
import org.communityhub.testing.TwoReplicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What must be decided once, decided once by two packaged hubs sharing the stream, each seeing a
 * share of every device's messages:
 * <ul>
 * <li>connectivity (docs/connectivity.md#several-replicas): while one replica is dead its share of a
 * device's messages waits at the broker, so a device that keeps talking is heard through the other
 * and stays online, and a device that falls silent is not judged until the dead replica is back and
 * has drained its session; then it is offline once;</li>
 * <li>a time-based alert rule, held by messages reaching both replicas, fires once;</li>
 * <li>a waiting command goes out once when its device comes online, though both replicas find it due.</li>
 * </ul>
 */
class DecidedOnceAcrossReplicasIT {

    /** Each kiosk's expected interval: silent for 2 × 2 s, it is offline. */
    static final int INTERVAL_SECONDS = 2;
    private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

    private TwoReplicas replicas;
    private final ScheduledExecutorService devices = Executors.newScheduledThreadPool(2);

    @BeforeEach
    void startTwoReplicas() {
        // dispatch rounds every 100 ms: each replica looks for due commands while the other's are in flight
        replicas = TwoReplicas.start(true, Map.of("HUB_CONNECTIVITY_REPLICA_GRACE", "90s",
                "HUB_COMMANDS_DISPATCH_INTERVAL", "100ms"));
    }

    @AfterEach
    void stopAll() throws Exception {
        devices.shutdownNow();
        replicas.close();
    }

    @Test
    void aSilentDeviceIsOfflineOnceAndOneThatKeepsTalkingWhileAReplicaDiesIsNeverOfflineOrUnknown() throws Exception {
        List<String> ids;
        try (Connection db = OwnServices.database()) {
            ids = KioskFleet.register(db, 2, INTERVAL_SECONDS);
        }
        String talker = ids.get(0);
        String quitter = ids.get(1);
        String broker = replicas.brokerUrl();
        MqttDevice talking = MqttDevice.connect(broker, talker);
        MqttDevice quitting = MqttDevice.connect(broker, quitter);
        devices.scheduleAtFixedRate(() -> send(talking), 0, 400, TimeUnit.MILLISECONDS);
        var quitterSends = devices.scheduleAtFixedRate(() -> send(quitting), 0, 400, TimeUnit.MILLISECONDS);

        await("both online").atMost(Duration.ofSeconds(60)).until(() ->
                "ONLINE".equals(connectivity(talker)) && "ONLINE".equals(connectivity(quitter)));
        Thread.sleep(2_000); // both replicas take their share of both devices
        quitterSends.cancel(false);
        replicas.a.kill(); // SIGKILL: its session, and its share of the talker's messages, stay at the broker

        Thread.sleep(8_000); // twice the quitter's allowed silence
        assertEquals("ONLINE", connectivity(quitter),
                "a message of the silent device may wait in the dead replica's session: no verdict yet");
        assertEquals("ONLINE", connectivity(talker));

        replicas.a = HubProcess.start(replicas.envA); // the same client id: it drains what waited in its session
        await("the silent device offline").atMost(Duration.ofSeconds(60)).until(() -> "OFFLINE".equals(connectivity(quitter)));
        Thread.sleep(3_000);
        talking.close();
        quitting.close();

        assertEquals(List.of("UNKNOWN>ONLINE:MESSAGE"), changes(talker),
                "the talker is heard through the living replica throughout");
        assertEquals(List.of("UNKNOWN>ONLINE:MESSAGE", "ONLINE>OFFLINE:SILENT"), changes(quitter),
                "the silent device is offline once, never unknown");
    }

    @Test
    void aTimeBasedRuleHeldThroughBothReplicasFiresOnce() throws Exception {
        String kiosk;
        try (Connection db = OwnServices.database()) {
            kiosk = KioskFleet.register(db, 1, 60).get(0);
        }
        int status = RestAssured.given().auth().preemptive().basic("admin", TwoReplicas.PASSWORD).contentType("application/json")
                .body("{\"rule\":\"KIOSK_OUT_OF_SERVICE\",\"deviceId\":\"" + kiosk + "\",\"settings\":{\"after\":\"PT4S\","
                        + "\"hours\":{\"from\":\"00:00\",\"to\":\"00:00\"}}}")
                .post(replicas.a.url("/api/v1/alert-rule-settings")).statusCode();
        assertEquals(201, status);
        // the setting was made through a; b reads it from the database at its next timed evaluation
        await("b knows the setting").atMost(Duration.ofSeconds(20)).until(() -> RestAssured.given().auth().preemptive()
                .basic("admin", TwoReplicas.PASSWORD).get(replicas.b.url("/api/v1/devices/" + kiosk + "/alert-rules")).then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.rule == 'KIOSK_OUT_OF_SERVICE' }.appliedSettings.flatten()")
                .size() == 1);
        MqttDevice device = MqttDevice.connect(replicas.brokerUrl(), kiosk);
        devices.scheduleAtFixedRate(() -> send(device, "OUT_OF_SERVICE"), 0, 200, TimeUnit.MILLISECONDS);

        await("the alert").atMost(Duration.ofSeconds(60)).until(() -> alert(kiosk) != null);
        Thread.sleep(6_000); // longer than the delay again: a second replica timing its own copy would fire by now
        devices.shutdownNow();
        device.close();

        assertEquals(List.of(1L, 1L), alert(kiosk), "one alert, raised once (count, RAISED entries in its trail)");
    }

    @Test
    void aWaitingCommandGoesOutFromOneReplicaOnly() throws Exception {
        int count = 300;
        List<String> kiosks;
        try (Connection db = OwnServices.database()) {
            kiosks = KioskFleet.register(db, count, 60);
        }
        for (String kiosk : kiosks) { // never heard from: the commands wait
            RestAssured.given().auth().preemptive().basic("admin", TwoReplicas.PASSWORD).contentType("application/json")
                    .body("{\"type\":\"REBOOT\"}").post(replicas.a.url("/api/v1/devices/" + kiosk + "/commands"))
                    .then().statusCode(201);
        }
        Map<String, Integer> received = new java.util.concurrent.ConcurrentHashMap<>();
        org.eclipse.paho.client.mqttv3.MqttClient listener = new org.eclipse.paho.client.mqttv3.MqttClient(
                replicas.brokerUrl(), "command-listener-" + UUID.randomUUID(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        listener.connect();
        listener.subscribe("hub/v1/+/command", 1, (topic, message) -> received.merge(topic.split("/")[2], 1, Integer::sum));
        try (StreamPublisher hello = new StreamPublisher(replicas.brokerUrl(), kiosks, count, 0)) {
            hello.start().awaitAcknowledged(60); // all of them come online at once: both replicas find the commands due
        }
        await("every kiosk got its command").atMost(Duration.ofSeconds(60)).until(() -> received.size() == count);
        Thread.sleep(3_000); // both replicas' dispatch rounds have come round again
        listener.disconnect();
        listener.close();
        assertEquals(Map.of(1, count), received.values().stream()
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.summingInt(n -> 1))),
                "each kiosk got its REBOOT once");
    }

    /** The device's OUT_OF_SERVICE alert: its count and how many times its trail says RAISED; null if none. */
    private static List<Long> alert(String device) throws SQLException {
        try (Connection db = OwnServices.database();
                PreparedStatement statement = db.prepareStatement("""
                        SELECT a.count, (SELECT count(*) FROM alert_trail t WHERE t.alert_id = a.id AND t.action = 'RAISED')
                          FROM alerts a WHERE a.device_id = ? AND a.type = 'OUT_OF_SERVICE'
                        """)) {
            statement.setString(1, device);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? List.of(row.getLong(1), row.getLong(2)) : null;
            }
        }
    }

    private static void send(MqttDevice device) {
        send(device, "IN_SERVICE");
    }

    private static void send(MqttDevice device, String serviceState) {
        try {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + SEQ.incrementAndGet()
                    + ",\"serviceState\":\"" + serviceState + "\"}");
        } catch (Exception e) {
            // the device's client is closing at the end of the test
        }
    }

    private static String connectivity(String device) throws SQLException {
        return OwnServices.text("SELECT connectivity FROM device_state WHERE device_id = ?", device);
    }

    private static List<String> changes(String device) throws SQLException {
        List<String> changes = new ArrayList<>();
        try (Connection db = OwnServices.database();
                PreparedStatement statement = db.prepareStatement(
                        "SELECT from_state, to_state, reason FROM connectivity_changes WHERE device_id = ? ORDER BY ts")) {
            statement.setString(1, device);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    changes.add(row.getString(1) + ">" + row.getString(2) + ":" + row.getString(3));
                }
            }
        }
        return changes;
    }
}
