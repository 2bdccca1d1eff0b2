package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Events reach the events hypertable once each, with their type and their other fields. */
@QuarkusTest
@WithTestResource(HubServices.class)
class EventIngestTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anSosAndAFallAreStoredOnceEvenWhenSentTwice() throws Exception {
        String elder = TestAreas.device("ELDER_ALERT", TestAreas.create(1).community());
        long now = System.currentTimeMillis();
        String sos = "{\"ts\":" + now + ",\"seq\":5,\"type\":\"SOS\",\"button\":\"pendant\"}";
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event(sos);
            device.event(sos);
            device.event("{\"ts\":" + (now + 1) + ",\"seq\":6,\"type\":\"FALL\"}");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                List.of("SOS {\"button\": \"pendant\"}", "FALL null"), events(elder)));
    }

    private List<String> events(String deviceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT type, body FROM events WHERE device_id = ? ORDER BY ts, seq")) {
            statement.setString(1, deviceId);
            List<String> events = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    events.add(row.getString(1) + " " + row.getString(2));
                }
            }
            return events;
        }
    }
}
