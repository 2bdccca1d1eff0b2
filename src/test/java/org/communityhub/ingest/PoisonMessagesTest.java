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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.StreamPublisher;
import org.communityhub.testing.StreamWatch;
import org.communityhub.testing.TestAreas;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Values that once passed the edge and then stopped all ingestion at the database, each published
 * in the middle of a steady good stream: each ends up dead-lettered, or stored cleaned as
 * docs/mqtt.md says, within seconds, and the stream around them never pauses.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class PoisonMessagesTest {

    static final int GOOD = 8_000;

    @Inject
    AgroalDataSource database;

    @Test
    void eachPoisonIsDeadLetteredOrStoredCleanedWhileTheStreamAroundItGoesOn() throws Exception {
        String community = TestAreas.create(1).community();
        List<String> kiosks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            kiosks.add(TestAreas.device("KIOSK", community));
        }
        String kiosk = TestAreas.device("KIOSK", community);
        String elder = TestAreas.device("ELDER_ALERT", community);
        long now = System.currentTimeMillis();

        try (StreamPublisher good = new StreamPublisher(brokerUrl(), kiosks, GOOD, 1_000);
                StreamWatch watch = StreamWatch.of(() -> stored("telemetry_kiosk", kiosks), GOOD)) {
            good.start();
            Thread.sleep(2_000);
            try (MqttDevice poisoner = MqttDevice.connect(kiosk); MqttDevice resident = MqttDevice.connect(elder)) {
                poisoner.telemetry("{\"ts\":%d,\"seq\":1,\"printer\":\"OK\",\"note\":\"a\\u0000b\"}".formatted(now));
                resident.event("{\"ts\":%d,\"seq\":2,\"type\":\"SOS\",\"note\":\"help\\u0000\"}".formatted(now));
                resident.telemetry("{\"ts\":%d,\"seq\":3,\"lastMotionTs\":%d}".formatted(now, now * 1000));
                poisoner.telemetry("{\"ts\":%d,\"seq\":9223372036854775808}".formatted(now));
                poisoner.telemetry("{\"ts\":%d,\"seq\":5,\"cpuTempC\":1e-50}".formatted(now));
                poisoner.telemetry("{\"ts\":%d,\"seq\":6,\"uptime\":1e400}".formatted(now));
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertEquals(List.of("OUT_OF_RANGE", "OUT_OF_RANGE"), reasons(kiosk));
                assertEquals(List.of("TS_IN_FUTURE"), reasons(elder));
                Api.asAdmin().get("/api/v1/devices/" + kiosk + "/telemetry").then()
                        .body("total", org.hamcrest.Matchers.equalTo(2))
                        .body("items.find { it.seq == 1 }.note", org.hamcrest.Matchers.equalTo("a\uFFFDb"))
                        .body("items.find { it.seq == 5 }.cpuTempC", org.hamcrest.Matchers.equalTo(0.0f));
                assertEquals("{\"note\": \"help\uFFFD\"}", sosBody(elder));
            });
            good.awaitAcknowledged(60);
            watch.awaitAll(Duration.ofSeconds(30));
            assertTrue(watch.longestPause().compareTo(Duration.ofSeconds(3)) < 0,
                    "the good stream paused for " + watch.longestPause());
        }
        assertTrue(org.communityhub.testing.Management.metrics().contains("hub_ingest_values_cleaned_total"));
    }

    private List<String> reasons(String deviceId) {
        List<Map<String, String>> items = Api.asAdmin().queryParam("deviceId", deviceId).get("/api/v1/dead-letters")
                .then().statusCode(200).extract().path("items");
        return items.stream().map(item -> item.get("reason")).sorted().toList();
    }

    private String sosBody(String deviceId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT body::text FROM events WHERE device_id = ? AND type = 'SOS'")) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private long stored(String table, List<String> devices) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return OwnServices.count(connection, table, devices);
        }
    }

    static String brokerUrl() {
        return ConfigProvider.getConfig().getValue("hub.mqtt.url", String.class);
    }
}
