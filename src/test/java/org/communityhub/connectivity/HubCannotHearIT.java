package org.communityhub.connectivity;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.testing.HubRun;
import org.communityhub.testing.KioskFleet;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.StreamPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's own outages are never the devices' fault, with the packaged hub in its own process
 * against the real TimescaleDB and Mosquitto: while the broker or the database is away, and while
 * the hub drains a backlog of a million messages that built up while it was stopped, devices are
 * UNKNOWN with the reason, never OFFLINE (docs/connectivity.md).
 */
class HubCannotHearIT {

    static final String PASSWORD = "hear-admin-password";

    private HubRun hub;

    @AfterEach
    void stopAll() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void whileTheBrokerIsAwayForThreeIntervalsKiosksAreUnknownNeverOffline() throws Exception {
        outage("HUB_TEST_MQTT_STOP", "HUB_TEST_MQTT_START", Change.Reason.BROKER_DOWN);
    }

    @Test
    void whileTheDatabaseIsAwayForThreeIntervalsKiosksAreUnknownNeverOffline() throws Exception {
        outage("HUB_TEST_DB_STOP", "HUB_TEST_DB_START", Change.Reason.DATABASE_DOWN);
    }

    /** Kiosks with a 3 s interval publish every second; the service is away for 10 s, three intervals and more. */
    private void outage(String stop, String start, Change.Reason reason) throws Exception {
        startHub();
        List<String> kiosks;
        try (Connection db = OwnServices.database()) {
            kiosks = KioskFleet.register(db, 20, 3);
        }
        Instant begin = Instant.now();
        StreamPublisher devices = new StreamPublisher(OwnServices.required("HUB_TEST_MQTT_URL"), kiosks, 20 * 60, 20);
        hub.beside(devices);
        devices.start();
        awaitAll(kiosks, "ONLINE", Duration.ofSeconds(15));

        Instant away = Instant.now();
        OwnServices.run(stop);
        try {
            Thread.sleep(10_000);
        } finally {
            OwnServices.run(start);
        }
        Instant back = Instant.now();
        // the outage is written by the hub's first transaction after it; until then the stored state is the old one
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> history(kiosks, away)
                .values().stream().allMatch(changes -> changes.contains("UNKNOWN CATCHING_UP")
                        && changes.get(changes.size() - 1).equals("ONLINE MESSAGE")));

        Map<String, List<String>> history = history(kiosks, begin);
        for (String kiosk : kiosks) {
            List<String> changes = history.get(kiosk);
            assertFalse(changes.stream().anyMatch(change -> change.startsWith("OFFLINE")),
                    kiosk + " must never be offline for the hub's outage: " + changes);
            assertEquals(List.of("ONLINE MESSAGE", "UNKNOWN " + reason, "UNKNOWN CATCHING_UP", "ONLINE MESSAGE"), changes,
                    kiosk + ": online, unknown while the hub could not hear, online again");
        }
        Instant unknownAt = firstChange(kiosks.get(0), "UNKNOWN", reason.name());
        assertTrue(!unknownAt.isBefore(away.minusSeconds(2)) && !unknownAt.isAfter(back),
                "unknown from about when the " + reason + " began (" + away + "), not " + unknownAt);
    }

    @Test
    void aMillionMessagesQueuedWhileTheHubWasStoppedDrainInFullWithNoDeviceOffline() throws Exception {
        startHub();
        int kiosks = 2_000;
        int perKiosk = 500;
        List<String> fleet;
        try (Connection db = OwnServices.database()) {
            fleet = KioskFleet.register(db, kiosks, 5);
        }
        String broker = OwnServices.required("HUB_TEST_MQTT_URL");
        try (StreamPublisher hello = new StreamPublisher(broker, fleet, kiosks, 0, 1_000_000)) {
            hello.start().awaitAcknowledged(60);
        }
        awaitAll(fleet, "ONLINE", Duration.ofSeconds(60));

        hub.stop();
        Instant stopped = Instant.now();
        List<StreamPublisher> backlog = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
            backlog.add(new StreamPublisher(broker, fleet.subList(part * kiosks / 4, (part + 1) * kiosks / 4),
                    kiosks / 4 * perKiosk, 0));
        }
        for (StreamPublisher publisher : backlog) {
            hub.beside(publisher);
            publisher.start();
        }
        for (StreamPublisher publisher : backlog) {
            publisher.awaitAcknowledged(300);
        }
        System.out.printf("[hear] %d messages queued for the stopped hub in %d s%n", kiosks * perKiosk,
                Duration.between(stopped, Instant.now()).toSeconds());

        // every kiosk goes on publishing every 2.5 s while the hub catches up, and after
        StreamPublisher live = new StreamPublisher(broker, fleet, kiosks * 200, 800, 2_000_000);
        hub.beside(live);
        live.start();
        Instant restarted = Instant.now();
        hub.start();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> backlogStored(fleet, perKiosk) == (long) kiosks * perKiosk);
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.process().logContains("the hub hears again"));
        System.out.printf("[hear] backlog of %d drained %d s after the restart%n", kiosks * perKiosk,
                Duration.between(restarted, Instant.now()).toSeconds());
        Thread.sleep(12_000); // beyond the kiosks' allowed silence (2 x 5 s) after the hub caught up

        assertFalse(hub.process().logContains("connectivity sweep failed"), "a connectivity sweep failed:\n" + hub.process().log());
        Map<String, List<String>> history = history(fleet, restarted);
        for (String kiosk : fleet) {
            List<String> changes = history.get(kiosk);
            assertFalse(changes.stream().anyMatch(change -> change.startsWith("OFFLINE")),
                    kiosk + " was in the backlog and must never be offline: " + changes);
            assertTrue(changes.contains("UNKNOWN CATCHING_UP"), kiosk + ": " + changes);
            assertEquals("ONLINE MESSAGE", changes.get(changes.size() - 1), kiosk + ": " + changes);
        }
        assertEquals("UNKNOWN HUB_DOWN", history(fleet.subList(0, 1), stopped.minusSeconds(30)).get(fleet.get(0)).stream()
                .filter(change -> change.endsWith("HUB_DOWN")).findFirst().orElse("none"));
        uptimeCountsTheHubsDowntimeAsUnknown(fleet, stopped, restarted);
    }

    /** What officials see: the uptime report gives the time the hub was stopped as unknown for every kiosk, never offline. */
    private void uptimeCountsTheHubsDowntimeAsUnknown(List<String> fleet, Instant stopped, Instant restarted)
            throws Exception {
        String[] area = new String[1];
        query("SELECT area_code FROM devices WHERE id = ANY (?)", fleet.subList(0, 1), null, row -> area[0] = row.getString(1));
        URI uri = URI.create(hub.process().url("/api/v1/reports/uptime?groupBy=device&area=" + area[0] + "&from="
                + stopped.minusSeconds(20) + "&to=" + Instant.now()));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode items = new ObjectMapper().readTree(response.body()).path("items");
        assertEquals(fleet.size(), items.size());
        BigDecimal down = BigDecimal.valueOf(Duration.between(stopped, restarted).toMillis(), 3);
        for (JsonNode row : items) {
            assertEquals(0, row.path("offlineSeconds").decimalValue().signum(), "never offline: " + row);
            assertTrue(row.path("unknownSeconds").decimalValue().compareTo(down) >= 0,
                    "the " + down + " s the hub was stopped are unknown: " + row);
            assertTrue(row.path("onlineSeconds").decimalValue().signum() > 0, "online before and after: " + row);
        }
    }

    private void startHub() {
        Map<String, String> env = OwnServices.quickHubEnvironment(PASSWORD, "hub-hear-");
        hub = new HubRun(env);
    }

    private static void awaitAll(List<String> devices, String state, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> states(devices).values().stream()
                .filter(state::equals).count() == devices.size());
    }

    private static Map<String, String> states(List<String> devices) throws SQLException {
        Map<String, String> states = new HashMap<>();
        query("SELECT device_id, connectivity FROM device_state WHERE device_id = ANY (?)", devices, null,
                row -> states.put(row.getString(1), row.getString(2)));
        return states;
    }

    /** Each device's changes since {@code from}, oldest first, as "TO REASON". */
    private static Map<String, List<String>> history(List<String> devices, Instant from) throws SQLException {
        Map<String, List<String>> history = new HashMap<>();
        devices.forEach(device -> history.put(device, new ArrayList<>()));
        query("SELECT device_id, to_state, reason FROM connectivity_changes WHERE device_id = ANY (?) AND ts >= ? ORDER BY ts",
                devices, from, row -> history.get(row.getString(1)).add(row.getString(2) + " " + row.getString(3)));
        return history;
    }

    private static Instant firstChange(String device, String to, String reason) throws SQLException {
        List<Instant> at = new ArrayList<>();
        query("SELECT ts FROM connectivity_changes WHERE device_id = ANY (?) AND to_state = '" + to + "' AND reason = '"
                + reason + "' ORDER BY ts LIMIT 1", List.of(device), null, row -> at.add(row.getTimestamp(1).toInstant()));
        return at.get(0);
    }

    private static long backlogStored(List<String> devices, int perKiosk) throws SQLException {
        long[] count = {0};
        query("SELECT count(*) FROM telemetry_kiosk WHERE device_id = ANY (?) AND seq < " + perKiosk, devices, null,
                row -> count[0] = row.getLong(1));
        return count[0];
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(String sql, List<String> devices, Instant from, Row each) throws SQLException {
        try (Connection connection = OwnServices.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", devices.toArray()));
            if (from != null) {
                statement.setTimestamp(2, Timestamp.from(from));
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    each.read(row);
                }
            }
        }
    }
}
