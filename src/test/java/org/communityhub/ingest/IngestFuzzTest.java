package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test through the real broker into the hub: 10,000 random mutations of valid payloads
 * of every class and channel. Every message must end stored or dead-lettered, with exactly the
 * outcome the edge's own checks give it offline (so a message the database refused, or one lost,
 * shows as a difference), all must be acknowledged (a new session brings nothing back), and the hub
 * must not stall. The seed is printed; {@code -Dfuzz.seed=N} replays a run.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class IngestFuzzTest {

    static final int MESSAGES = 10_000;
    static final long SENTINEL_SEQ = 999_999_999_999L;

    @Inject
    AgroalDataSource database;
    @Inject
    ObjectMapper json;
    @Inject
    IngestConfig config;
    @Inject
    MqttIngest edge;

    /** A stored reading or event, by device and (ts, seq) as the database keeps them. */
    record Key(String deviceId, Instant ts, long seq) {
    }

    final Map<String, Integer> expectedLetters = new TreeMap<>();
    final Set<Key> expectedReadings = new HashSet<>();
    final Set<Key> expectedEvents = new HashSet<>();
    /** Life-safety events stored despite a bad ts or seq, per device: timed by the hub, so their keys are its. */
    final Map<String, Integer> expectedTimedByHub = new TreeMap<>();
    final Map<String, Integer> mutations = new TreeMap<>();

    @Test
    void everyMutatedMessageIsStoredOrDeadLetteredAsTheEdgeDecidesAndAllAreAcknowledged() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.printf("[fuzz] IngestFuzzTest seed=%d (replay: scripts/test.sh -Dtest=IngestFuzzTest -Dfuzz.seed=%d)%n",
                seed, seed);
        String community = TestAreas.create(1).community();
        Map<String, String> devices = new TreeMap<>(); // id -> class
        for (DeviceClass deviceClass : DeviceClass.values()) {
            for (int i = 0; i < 5; i++) {
                devices.put(TestAreas.device(deviceClass.name(), community), deviceClass.name());
            }
        }
        List<String> ids = List.copyOf(devices.keySet());
        Fuzz fuzz = new Fuzz(seed, Instant.now().minus(Duration.ofHours(1)));
        PayloadDecoder decoder = new PayloadDecoder(json, config.maxFutureSkew(), config.maxAge());

        long started = System.nanoTime();
        try (Publisher publisher = new Publisher(PoisonMessagesTest.brokerUrl())) {
            for (int i = 0; i < MESSAGES; i++) {
                String id = ids.get(i % ids.size());
                Fuzz.Message message = fuzz.next(i, devices.get(id));
                String topic = "hub/v1/" + id + "/" + message.channel().suffix();
                mutations.merge(message.mutation(), 1, Integer::sum);
                expect(decoder, id, DeviceClass.valueOf(message.deviceClass()), topic, message);
                publisher.publish(topic, message.payload());
            }
            for (String id : ids) {
                publisher.publish("hub/v1/" + id + "/telemetry",
                        ("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + SENTINEL_SEQ + "}").getBytes());
            }
            publisher.awaitAll();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sentinels(ids) == ids.size());
        Map<String, Integer> reasons = new TreeMap<>();
        expectedLetters.forEach((letter, count) -> reasons.merge(letter.substring(letter.lastIndexOf(' ') + 1), count,
                Integer::sum));
        System.out.printf("[fuzz] %d messages stored or dead-lettered in %d ms; mutations %s; dead letters %s; "
                + "readings %d, events %d%n", MESSAGES, Duration.ofNanos(System.nanoTime() - started).toMillis(), mutations,
                reasons, expectedReadings.size(), expectedEvents.size());

        assertOutcomes(ids, seed);
        // a message not acknowledged comes again on the next connection, and a refused one would be
        // dead-lettered twice: the outcomes must stay exactly as they are
        edge.reset("IngestFuzzTest: a new connection must bring nothing back");
        await().atMost(Duration.ofSeconds(20)).until(() -> edge.connected());
        Thread.sleep(2_000);
        assertOutcomes(ids, seed);
    }

    /** What the edge's own checks say of the message, offline; the hub must come to the same. */
    private void expect(PayloadDecoder decoder, String id, DeviceClass deviceClass, String topic, Fuzz.Message message) {
        Instant now = Instant.now();
        try {
            if (message.payload().length > config.maxPayloadBytes()) {
                throw new Rejected(Reason.OVERSIZED, "");
            }
            switch (message.channel()) {
                case TELEMETRY -> {
                    for (Reading reading : decoder.telemetry(id, TelemetryTable.of(deviceClass), message.payload(), now)) {
                        expectedReadings.add(new Key(id, micros(reading.ts()), reading.seq()));
                    }
                }
                case EVENT -> {
                    DeviceEvent event = decoder.event(id, deviceClass, message.payload(), now);
                    if (event.defect() == null) {
                        expectedEvents.add(new Key(id, micros(event.ts()), event.seq()));
                    } else {
                        expectedTimedByHub.merge(id, 1, Integer::sum);
                    }
                }
                default -> PayloadDecoder.online(message.payload());
            }
        } catch (Rejected rejected) {
            expectedLetters.merge(topic + " " + rejected.reason(), 1, Integer::sum);
        }
    }

    private void assertOutcomes(List<String> ids, long seed) throws SQLException {
        String replay = " (seed " + seed + ")";
        assertEquals(expectedLetters, deadLetters(ids), "dead letters by topic and reason" + replay);
        Set<Key> readings = new HashSet<>();
        for (TelemetryTable table : TelemetryTable.values()) {
            readings.addAll(keys("SELECT device_id, ts, seq FROM " + table.table() + " WHERE device_id = ANY (?) AND seq <> "
                    + SENTINEL_SEQ, ids));
        }
        assertSame(expectedReadings, readings, "readings" + replay);
        assertSame(expectedEvents, keys("SELECT device_id, ts, seq FROM events WHERE device_id = ANY (?)"
                + " AND defect IS NULL", ids), "events" + replay);
        Map<String, Integer> timedByHub = new TreeMap<>();
        keys("SELECT device_id, ts, seq FROM events WHERE device_id = ANY (?) AND defect IS NOT NULL", ids)
                .forEach(key -> timedByHub.merge(key.deviceId(), 1, Integer::sum));
        assertEquals(expectedTimedByHub, timedByHub, "SOS and FALL stored despite a bad ts or seq" + replay);
    }

    private static void assertSame(Set<Key> expected, Set<Key> actual, String what) {
        Set<Key> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        Set<Key> unexpected = new HashSet<>(actual);
        unexpected.removeAll(expected);
        assertTrue(missing.isEmpty() && unexpected.isEmpty(), what + ": " + missing.size() + " missing, e.g. "
                + missing.stream().limit(5).toList() + "; " + unexpected.size() + " unexpected, e.g. "
                + unexpected.stream().limit(5).toList());
    }

    private Map<String, Integer> deadLetters(List<String> ids) throws SQLException {
        Map<String, Integer> letters = new TreeMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT topic, reason, count(*) FROM dead_letters WHERE device_id = ANY (?) GROUP BY 1, 2")) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    letters.put(row.getString(1) + " " + row.getString(2), row.getInt(3));
                }
            }
        }
        return letters;
    }

    private Set<Key> keys(String sql, List<String> ids) throws SQLException {
        Set<Key> keys = new HashSet<>();
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    keys.add(new Key(row.getString(1), row.getTimestamp(2).toInstant(), row.getLong(3)));
                }
            }
        }
        return keys;
    }

    private long sentinels(List<String> ids) throws SQLException {
        long count = 0;
        for (TelemetryTable table : TelemetryTable.values()) {
            count += keys("SELECT device_id, ts, seq FROM " + table.table() + " WHERE device_id = ANY (?) AND seq = "
                    + SENTINEL_SEQ, ids).size();
        }
        return count;
    }

    /** The database keeps microseconds, rounded half up. */
    private static Instant micros(Instant ts) {
        return ts.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /** QoS 1 publishes on one connection, up to 500 unacknowledged. */
    private static final class Publisher implements AutoCloseable {
        private final MqttAsyncClient client;
        private final Semaphore window = new Semaphore(500);
        private final List<Throwable> failures = new ArrayList<>();

        Publisher(String brokerUrl) throws Exception {
            client = new MqttAsyncClient(brokerUrl, "fuzz-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1_000);
            client.connect(options).waitForCompletion(10_000);
        }

        void publish(String topic, byte[] payload) throws Exception {
            window.acquire();
            client.publish(topic, payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    synchronized (failures) {
                        failures.add(cause);
                    }
                    window.release();
                }
            });
        }

        void awaitAll() throws InterruptedException {
            window.acquire(500);
            window.release(500);
            assertTrue(failures.isEmpty(), "the broker refused publishes: " + failures);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
