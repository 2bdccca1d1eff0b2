package org.communityhub.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.HubRun;
import org.communityhub.testing.KioskFleet;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.StreamPublisher;
import org.communityhub.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts and the hub's own outages, with the packaged hub in its own process: a pending offline
 * delay is neither lost nor reset by a restart, and the time the hub was stopped never counts
 * towards it. Kiosks get a 2 s interval and a 20 s offline delay, all day, through the rules API.
 */
class AlertsAcrossRestartsIT {

    static final String PASSWORD = "alerts-admin-password";
    static final Duration DELAY = Duration.ofSeconds(20);

    private HubRun hub;

    @AfterEach
    void stopAll() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aRestartInTheMiddleOfTheOfflineDelayKeepsWhatWasCountedAndCountsNoneOfItsOwnTime() throws Exception {
        startHub();
        String kiosk = kiosks(1).get(0);
        try (StreamPublisher hello = new StreamPublisher(OwnServices.required("HUB_TEST_MQTT_URL"), List.of(kiosk), 1, 0)) {
            hello.start().awaitAcknowledged(30);
        }
        Instant offline = awaitChange(kiosk, "OFFLINE", Instant.EPOCH);
        Thread.sleep(10_000); // half the delay counted
        Instant stopped = Instant.now();
        hub.stop();
        hub.start();
        Instant offlineAgain = awaitChange(kiosk, "OFFLINE", stopped);
        Instant opened = awaitAlert(kiosk, Duration.ofSeconds(60));

        Duration counted = Duration.between(stopped, offline).negated(); // from offline to the stop
        assertTrue(opened.isBefore(offlineAgain.plus(DELAY).minusSeconds(3)),
                "the delay counted before the restart is kept: opened " + opened + ", offline again " + offlineAgain
                        + ", " + counted + " counted before the stop");
        assertTrue(!opened.isBefore(offlineAgain.plus(DELAY.minus(counted)).minusSeconds(2)),
                "the time the hub was stopped and catching up is not counted: opened " + opened);
    }

    @Test
    void aHubStoppedForLongerThanTheDelayRaisesNoOfflineAlertForThatTime() throws Exception {
        startHub();
        List<String> fleet = kiosks(2);
        String talking = fleet.get(0);
        String silent = fleet.get(1);
        String broker = OwnServices.required("HUB_TEST_MQTT_URL");
        try (StreamPublisher hello = new StreamPublisher(broker, List.of(silent), 1, 0)) {
            hello.start().awaitAcknowledged(30);
        }
        StreamPublisher live = new StreamPublisher(broker, List.of(talking), 600, 1, 1_000);
        hub.beside(live);
        live.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> state(talking).equals("ONLINE"));

        hub.stop();
        Thread.sleep(DELAY.multipliedBy(3).toMillis()); // both kiosks are silent to the hub for three delays
        Instant restarted = Instant.now();
        hub.start();
        Instant silentOffline = awaitChange(silent, "OFFLINE", restarted);
        Instant opened = awaitAlert(silent, Duration.ofSeconds(60));
        assertTrue(!opened.isBefore(silentOffline.plus(DELAY).minusSeconds(1)),
                "the silent kiosk's delay counts from when the hub could hear again, not from its last message: "
                        + opened + " vs offline " + silentOffline);
        assertEquals(0, alerts(talking), "the kiosk that went on talking while the hub was stopped gets no alert");
        assertTrue(!hub.process().logContains("alerts: the timed evaluation failed"), hub.process().log());
    }

    @Test
    void aWebhookDeliveryDueWhenTheHubStoppedIsMadeAfterItStarts() throws Exception {
        startHub();
        String community;
        try (Connection db = OwnServices.database()) {
            String kiosk = KioskFleet.register(db, 1, 60).get(0); // a branch of areas of its own
            try (PreparedStatement statement = db.prepareStatement("SELECT area_code FROM devices WHERE id = ?")) {
                statement.setString(1, kiosk);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    community = row.getString(1);
                }
            }
        }
        int port;
        try (WebhookReceiver probe = WebhookReceiver.start()) {
            port = Integer.parseInt(probe.url("").replaceAll(".*:(\\d+).*", "$1"));
        }
        String elder = "elder-restart-" + Long.toString(System.nanoTime(), 36);
        post("/api/v1/devices", "{\"id\":\"" + elder + "\",\"deviceClass\":\"ELDER_ALERT\",\"areaCode\":\""
                + community + "\",\"name\":\"restart\"}");
        post("/api/v1/webhooks", "{\"areaCode\":\"" + community + "\",\"url\":\"http://127.0.0.1:" + port
                + "/hook\"}");
        try (MqttDevice device = MqttDevice.connect(OwnServices.required("HUB_TEST_MQTT_URL"), elder)) {
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"SOS\"}");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> first("SELECT d.created_at FROM webhook_deliveries d"
                + " JOIN alert_trail t ON t.id = d.event_id JOIN alerts a ON a.id = t.alert_id WHERE a.device_id = ?"
                + " AND d.attempts > 0 AND d.created_at > ? LIMIT 1", elder, Instant.EPOCH) != null);
        hub.stop();
        try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
            hub.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.containing(elder).isEmpty());
            assertTrue(receiver.containing(elder).get(0).body().contains("\"type\":\"SOS\""));
        }
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.process().url(path)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }

    private void startHub() {
        Map<String, String> env = OwnServices.quickHubEnvironment(PASSWORD, "hub-alerts-");
        env.put("HUB_ALERTS_EVALUATE_INTERVAL", "500ms");
        env.put("HUB_NOTIFY_WEBHOOK_RETRY_INITIAL", "1s");
        env.put("HUB_NOTIFY_WEBHOOK_RETRY_MAX", "2s");
        env.put("HUB_NOTIFY_WEBHOOK_TIMEOUT", "2s");
        hub = new HubRun(env);
    }

    private List<String> kiosks(int count) throws Exception {
        List<String> fleet;
        try (Connection db = OwnServices.database()) {
            fleet = KioskFleet.register(db, count, 2);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String kiosk : fleet) {
            String body = "{\"rule\":\"KIOSK_OFFLINE\",\"deviceId\":\"" + kiosk + "\",\"settings\":{\"after\":\""
                    + DELAY + "\",\"hours\":{\"from\":\"00:00\",\"to\":\"00:00\"}}}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hub.process().url("/api/v1/alert-rule-settings")))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode(), response.body());
        }
        return fleet;
    }

    private static Instant awaitChange(String device, String to, Instant after) {
        Instant[] at = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            at[0] = first("SELECT ts FROM connectivity_changes WHERE device_id = ? AND to_state = '" + to
                    + "' AND ts > ? ORDER BY ts LIMIT 1", device, after);
            return at[0] != null;
        });
        return at[0];
    }

    private static Instant awaitAlert(String device, Duration within) {
        Instant[] at = {null};
        await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
            at[0] = first("SELECT opened_at FROM alerts WHERE device_id = ? AND type = 'OFFLINE' AND opened_at > ?"
                    + " ORDER BY opened_at LIMIT 1", device, Instant.EPOCH);
            return at[0] != null;
        });
        return at[0];
    }

    private static Instant first(String sql, String device, Instant after) throws Exception {
        try (Connection connection = OwnServices.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, device);
            statement.setTimestamp(2, Timestamp.from(after));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private static String state(String device) throws Exception {
        try (Connection connection = OwnServices.database(); PreparedStatement statement = connection.prepareStatement(
                "SELECT connectivity FROM device_state WHERE device_id = ?")) {
            statement.setString(1, device);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : "NONE";
            }
        }
    }

    private static int alerts(String device) throws Exception {
        try (Connection connection = OwnServices.database(); PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM alerts WHERE device_id = ?")) {
            statement.setString(1, device);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
