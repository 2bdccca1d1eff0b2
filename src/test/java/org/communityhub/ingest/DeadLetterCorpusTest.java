package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * Over the real broker: a corpus of bad messages is dead-lettered, each with its reason, while a
 * good stream published at the same time is stored in full.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class DeadLetterCorpusTest {

    static final int GOOD_PER_KIOSK = 400;

    @Test
    void badMessagesAreDeadLetteredWhileAConcurrentGoodStreamIsStoredInFull() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        List<String> kiosks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            kiosks.add(TestAreas.device("KIOSK", branch.community()));
        }
        String badKiosk = TestAreas.device("KIOSK", branch.community());
        String locker = TestAreas.device("PARCEL_LOCKER", branch.community());
        Instant now = Instant.now();

        CompletableFuture<Void> goodStream = CompletableFuture.runAsync(() -> publishGood(kiosks));
        List<Reason> expected = new ArrayList<>();
        try (MqttDevice bad = MqttDevice.connect(badKiosk)) {
            for (BadPayloads.Entry entry : BadPayloads.kioskTelemetry(now)) {
                bad.telemetry(entry.payload());
                expected.add(entry.reason());
            }
            bad.publish("hub/v1/" + badKiosk + "/telemetry", new byte[0]);
            expected.add(Reason.MALFORMED_JSON);
            bad.publish("hub/v1/" + badKiosk + "/telemetry", ("{\"ts\":" + now.toEpochMilli() + ",\"seq\":1,\"pad\":\""
                    + "x".repeat(70_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            expected.add(Reason.OVERSIZED);
            bad.publish("hub/v1/" + badKiosk + "/status", "maybe");
            expected.add(Reason.OUT_OF_RANGE);
            bad.publish("hub/v1/" + badKiosk + "/event", "{\"ts\":" + now.toEpochMilli() + ",\"seq\":1,\"type\":\"SOS\"}");
            expected.add(Reason.OUT_OF_RANGE);
        }
        try (MqttDevice other = MqttDevice.connect(locker)) {
            other.publish("hub/v1/-" + locker + "/telemetry", "{}");
            other.publish("hub/v1/unregistered-" + locker + "/telemetry", "{\"ts\":" + now.toEpochMilli() + ",\"seq\":1}");
        }
        goodStream.get();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(expected, reasons(badKiosk)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> badTopics = Api.asAdmin().queryParam("reason", "BAD_TOPIC").queryParam("size", 1000)
                    .get("/api/v1/dead-letters").then().extract().path("items.topic");
            assertEquals(true, badTopics.contains("hub/v1/-" + locker + "/telemetry"), badTopics.toString());
            assertEquals(List.of(Reason.UNKNOWN_DEVICE), reasons("unregistered-" + locker));
        });
        for (String kiosk : kiosks) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.asAdmin()
                    .queryParam("from", now.minusSeconds(60).toString()).queryParam("size", 1)
                    .get("/api/v1/devices/" + kiosk + "/telemetry")
                    .then().body("total", equalTo(GOOD_PER_KIOSK)));
        }
    }

    @Test
    void deadLettersAreListedWithTheirDetailAndFiltered() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        String payload = "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"diskFreePct\":140}";
        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            device.telemetry(payload);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.asAdmin()
                .queryParam("deviceId", kiosk).get("/api/v1/dead-letters")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].reason", equalTo("OUT_OF_RANGE"))
                .body("items[0].detail", equalTo("diskFreePct 140 is outside 0..100"))
                .body("items[0].topic", equalTo("hub/v1/" + kiosk + "/telemetry"))
                .body("items[0].payload", equalTo(payload)));
        String metrics = org.communityhub.testing.Management.metrics();
        assertTrue(metrics.contains("hub_ingest_dead_letters_total{class=\"KIOSK\",reason=\"OUT_OF_RANGE\"}"),
                "dead letters are counted per reason and class");
        assertTrue(metrics.contains("hub_ingest_readings_stored_total{class=\"KIOSK\"}"));
        Api.asAdmin().queryParam("deviceId", kiosk).queryParam("reason", "MALFORMED_JSON").get("/api/v1/dead-letters")
                .then().body("total", equalTo(0));
        Api.asAdmin().queryParam("reason", "NO_SUCH_REASON").get("/api/v1/dead-letters")
                .then().statusCode(400).body("fields[0]", equalTo("reason"));
        Api.asAdmin().queryParam("from", "last week").get("/api/v1/dead-letters")
                .then().statusCode(400).body("fields[0]", equalTo("from"));
    }

    private static void publishGood(List<String> kiosks) {
        List<MqttDevice> devices = new ArrayList<>();
        try {
            for (String kiosk : kiosks) {
                devices.add(MqttDevice.connect(kiosk));
            }
            long start = System.currentTimeMillis() - GOOD_PER_KIOSK;
            for (int seq = 0; seq < GOOD_PER_KIOSK; seq++) {
                for (MqttDevice device : devices) {
                    device.telemetry("{\"ts\":" + (start + seq) + ",\"seq\":" + seq + ",\"serviceState\":\"IN_SERVICE\"}");
                }
            }
            for (MqttDevice device : devices) {
                device.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Reason> reasons(String deviceId) {
        List<String> newestFirst = Api.asAdmin().queryParam("deviceId", deviceId).queryParam("size", 100)
                .get("/api/v1/dead-letters").then().statusCode(200).extract().path("items.reason");
        List<Reason> oldestFirst = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(Reason.valueOf(newestFirst.get(i)));
        }
        return oldestFirst;
    }
}
