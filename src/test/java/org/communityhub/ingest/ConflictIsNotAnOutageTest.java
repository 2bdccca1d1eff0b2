package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.Management;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * A batch that meets a conflicting transaction (the database answers "deadlock detected", SQLSTATE
 * 40P01, made to happen here by a trigger for its first two tries) is stored when tried again, once,
 * and is no outage: no device becomes UNKNOWN for it.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class ConflictIsNotAnOutageTest {

    @Inject
    AgroalDataSource database;

    @Test
    void aDeadlockedBatchIsStoredOnceWhenTriedAgainAndNothingBecomesUnknown() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        sql("""
                CREATE SEQUENCE test_conflicts;
                CREATE FUNCTION test_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.transactions = 424242 AND nextval('test_conflicts') <= 2 THEN
                        RAISE EXCEPTION 'a deadlock, made by the test' USING ERRCODE = 'deadlock_detected';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_conflict BEFORE INSERT ON telemetry_kiosk FOR EACH ROW EXECUTE FUNCTION test_conflict();
                """);
        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            long now = System.currentTimeMillis();
            device.telemetry("{\"ts\":%d,\"seq\":1,\"transactions\":1}".formatted(now - 2000));
            await().atMost(Duration.ofSeconds(10)).until(() -> stored(kiosk) == 1);
            device.telemetry("{\"ts\":%d,\"seq\":2,\"transactions\":424242}".formatted(now - 1000));
            device.telemetry("{\"ts\":%d,\"seq\":3,\"transactions\":3}".formatted(now));
            await().atMost(Duration.ofSeconds(10)).until(() -> stored(kiosk) == 3);
        } finally {
            sql("DROP TRIGGER test_conflict ON telemetry_kiosk; DROP FUNCTION test_conflict(); DROP SEQUENCE test_conflicts;");
        }
        assertTrue(Management.metrics().lines().anyMatch(line -> line.startsWith("hub_ingest_batches_conflicts_total ")
                && Double.parseDouble(line.substring(line.indexOf(' ') + 1)) >= 2), "tried again twice");
        List<Map<String, Object>> changes = Api.asAdmin().get("/api/v1/devices/" + kiosk + "/connectivity").then()
                .statusCode(200).extract().path("items");
        assertTrue(changes.stream().noneMatch(change -> "UNKNOWN".equals(change.get("to"))), "no outage was declared: " + changes);
        assertEquals("ONLINE", Api.asAdmin().get("/api/v1/devices/" + kiosk + "/state").then().extract().path("connectivity"));
        assertEquals(0, Api.asAdmin().queryParam("deviceId", kiosk).get("/api/v1/dead-letters").then().statusCode(200)
                .extract().<Integer>path("total"));
    }

    private long stored(String kiosk) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return OwnServices.count(connection, "telemetry_kiosk", List.of(kiosk));
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = database.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
