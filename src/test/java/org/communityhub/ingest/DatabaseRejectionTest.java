package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * The safety net behind the edge's checks: a value the edge lets through and the database refuses
 * is found by splitting its batch, dead-lettered as DATABASE_REJECTED with the SQLSTATE, and
 * everything around it is stored. The database is made to refuse with a CHECK constraint added for
 * the test (a real refusal by the real database of a message the edge passes).
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class DatabaseRejectionTest {

    static final int REFUSED = 777_777;

    @Inject
    AgroalDataSource database;

    @Test
    void refusedMessagesAreIsolatedAndDeadLetteredAndTheRestOfTheirBatchesStored() throws Exception {
        String community = TestAreas.create(1).community();
        List<String> kiosks = List.of(TestAreas.device("KIOSK", community), TestAreas.device("KIOSK", community),
                TestAreas.device("KIOSK", community));
        sql("ALTER TABLE telemetry_kiosk ADD CONSTRAINT test_refuses_777777 CHECK (transactions <> " + REFUSED + ")");
        try {
            long now = System.currentTimeMillis();
            List<MqttDevice> devices = new ArrayList<>();
            for (String kiosk : kiosks) {
                devices.add(MqttDevice.connect(kiosk));
            }
            int refused = 0;
            for (int seq = 0; seq < 300; seq++) {
                boolean poison = seq == 0 || seq == 149 || seq == 150 || seq == 299;
                refused += poison ? 1 : 0;
                devices.get(seq % 3).telemetry("{\"ts\":%d,\"seq\":%d,\"transactions\":%d}"
                        .formatted(now - 1_000 + seq, seq, poison ? REFUSED : seq));
            }
            for (MqttDevice device : devices) {
                device.close();
            }
            int expectedRefused = refused;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertEquals(300 - expectedRefused, stored(kiosks));
                assertEquals(expectedRefused, rejected(kiosks).size());
            });
            for (Map<String, String> letter : rejected(kiosks)) {
                assertTrue(letter.get("detail").startsWith("SQLSTATE 23514: "), letter.get("detail"));
                assertTrue(letter.get("detail").contains("test_refuses_777777"), letter.get("detail"));
                assertTrue(letter.get("payload").contains("\"transactions\":" + REFUSED), letter.get("payload"));
            }
        } finally {
            sql("ALTER TABLE telemetry_kiosk DROP CONSTRAINT test_refuses_777777");
        }
        String metrics = org.communityhub.testing.Management.metrics();
        assertTrue(metrics.contains("hub_ingest_dead_letters_total{class=\"KIOSK\",reason=\"DATABASE_REJECTED\"}"));
        double splits = metrics.lines().filter(line -> line.startsWith("hub_ingest_batches_split_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
        assertTrue(splits > 0, "the refused messages came in batches with others, which were split to find them");
    }

    private List<Map<String, String>> rejected(List<String> kiosks) {
        List<Map<String, String>> letters = new ArrayList<>();
        for (String kiosk : kiosks) {
            letters.addAll(Api.asAdmin().queryParam("deviceId", kiosk).queryParam("reason", "DATABASE_REJECTED")
                    .get("/api/v1/dead-letters").then().statusCode(200).extract().<List<Map<String, String>>>path("items"));
        }
        return letters;
    }

    private long stored(List<String> kiosks) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return OwnServices.count(connection, "telemetry_kiosk", kiosks);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = database.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
