package org.communityhub.ingest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.telemetry.TelemetryStore;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * A batch lost to a failure that no message's handling catches (here an Error injected once into
 * the write) is not left unacknowledged in silence: it is counted, and the MQTT connection is
 * dropped so that the broker sends it again, and it is stored, once.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class LostBatchTest {

    @Inject
    DeviceDirectory directory;
    @Inject
    TelemetryStore store;
    @Inject
    Marks marks;
    @Inject
    IngestConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;
    @Inject
    jakarta.enterprise.event.Event<org.communityhub.telemetry.BatchCommitted> committed;
    @Inject
    org.communityhub.commands.CommandAcks commandAcks;

    @Test
    void aLostBatchIsSentAgainByTheBrokerAndStoredOnce() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        AtomicBoolean failed = new AtomicBoolean();
        QuarkusMock.installMockForType(new Ingestion(directory, store, marks, config, json, metrics, committed, commandAcks) {
            @Override
            TelemetryStore.Stored write(Connection connection, Decoded decoded) throws SQLException {
                if (decoded.batch().stream().anyMatch(message -> message.topic().contains(kiosk))
                        && failed.compareAndSet(false, true)) {
                    throw new InternalError("injected: a failure outside any message's handling");
                }
                return super.write(connection, decoded);
            }
        }, Ingestion.class);
        double before = dropped();

        long now = System.currentTimeMillis();
        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            for (int seq = 0; seq < 10; seq++) {
                device.telemetry("{\"ts\":%d,\"seq\":%d}".formatted(now - 100 + seq, seq));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.asAdmin()
                .get("/api/v1/devices/" + kiosk + "/telemetry").then().body("total", equalTo(10)));
        assertTrue(failed.get(), "the injected failure happened");
        assertEquals(before + 1, dropped(), "the lost batch is counted");
        Thread.sleep(1_000);
        Api.asAdmin().get("/api/v1/devices/" + kiosk + "/telemetry").then().body("total", equalTo(10));
    }

    private double dropped() {
        return metrics.counter("hub.ingest.batches.dropped").count();
    }
}
