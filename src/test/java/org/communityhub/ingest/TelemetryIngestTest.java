package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Telemetry published to the real broker lands in TimescaleDB once, and is readable over HTTP. */
@QuarkusTest
@WithTestResource(HubServices.class)
class TelemetryIngestTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aKioskHeartbeatIsStoredWithItsFieldsAndItsExtras() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            device.telemetry("""
                    {"ts":"%s","seq":7,"serviceState":"IN_SERVICE","printer":"PAPER_LOW","cardReader":"OK",
                     "screen":"OK","cpuTempC":48.5,"diskFreePct":61,"networkLatencyMs":35,"transactions":12,
                     "queueLength":3}""".formatted(ts));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                Api.asAdmin().get("/api/v1/devices/" + kiosk + "/telemetry")
                        .then().statusCode(200)
                        .body("total", equalTo(1))
                        .body("items[0].ts", equalTo(ts.toString()))
                        .body("items[0].seq", equalTo(7))
                        .body("items[0].serviceState", equalTo("IN_SERVICE"))
                        .body("items[0].printer", equalTo("PAPER_LOW"))
                        .body("items[0].cpuTempC", equalTo(48.5f))
                        .body("items[0].transactions", equalTo(12))
                        .body("items[0].queueLength", equalTo(3)));
    }

    @Test
    void bufferedReadingsArriveAsAnArrayAndARedeliveryIsStoredOnce() throws Exception {
        String elder = TestAreas.device("ELDER_ALERT", TestAreas.create(1).community());
        long now = System.currentTimeMillis();
        String buffered = """
                [{"ts":%d,"seq":1,"batteryPct":80,"worn":true},
                 {"ts":%d,"seq":2,"batteryPct":79,"worn":true,"lastMotionTs":"%s"},
                 {"ts":%d,"seq":3,"batteryPct":79,"worn":false,"heartRateBpm":72}]"""
                .formatted(now - 3000, now - 2000, Instant.ofEpochMilli(now - 2500), now - 1000);
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.telemetry(buffered);
            device.telemetry(buffered);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                Api.asAdmin().get("/api/v1/devices/" + elder + "/telemetry")
                        .then().statusCode(200)
                        .body("total", equalTo(3))
                        .body("items.seq", contains(3, 2, 1))
                        .body("items[0].heartRateBpm", equalTo(72.0f))
                        .body("items[1].lastMotionTs", equalTo(Instant.ofEpochMilli(now - 2500).toString())));
        assertEquals(3, rows("SELECT count(*) FROM telemetry_elder_alert WHERE device_id = ?", elder));
    }

    @Test
    void badMessagesAreDeadLetteredWithTheirReasonWhileGoodOnesAreStored() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        String locker = TestAreas.device("PARCEL_LOCKER", branch.community());
        String retired = TestAreas.device("PARCEL_LOCKER", branch.community());
        Api.asAdmin().post("/api/v1/devices/" + retired + "/decommission").then().statusCode(200);
        long now = System.currentTimeMillis();
        try (MqttDevice device = MqttDevice.connect(locker)) {
            device.telemetry("{\"ts\":" + now + ",\"seq\":1,\"batteryPct\":140}");
            device.telemetry("{\"ts\":" + now + ",\"seq\":2,");
            device.telemetry("{\"seq\":3}");
            device.telemetry("{\"ts\":" + (now + 3_600_000) + ",\"seq\":4}");
            device.telemetry("{\"ts\":" + now + ",\"seq\":5,\"power\":42}");
            device.telemetry("{\"ts\":" + now + ",\"seq\":6,\"compartmentsTotal\":40,\"compartmentsOccupied\":12}");
            device.publish("hub/v1/" + retired + "/telemetry", "{\"ts\":" + now + ",\"seq\":1}");
            device.publish("hub/v1/never-registered-" + now + "/telemetry", "{\"ts\":" + now + ",\"seq\":1}");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                Api.asAdmin().get("/api/v1/devices/" + locker + "/telemetry")
                        .then().body("total", equalTo(1)).body("items[0].compartmentsOccupied", equalTo(12)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                List.of("OUT_OF_RANGE", "MALFORMED_JSON", "MISSING_FIELD", "TS_IN_FUTURE", "WRONG_TYPE"),
                reasons(locker)));
        assertEquals(List.of("DECOMMISSIONED_DEVICE"), reasons(retired));
        assertEquals(List.of("UNKNOWN_DEVICE"), reasons("never-registered-" + now));
    }

    private List<String> reasons(String deviceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT reason FROM dead_letters WHERE device_id = ? ORDER BY id")) {
            statement.setString(1, deviceId);
            List<String> reasons = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    reasons.add(row.getString(1));
                }
            }
            return reasons;
        }
    }

    private long rows(String sql, String deviceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
