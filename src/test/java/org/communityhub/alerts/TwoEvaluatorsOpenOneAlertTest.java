package org.communityhub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * Two evaluators (as two replicas would) raising the same rule for the same device at the same
 * moment, each in its own transaction: the database's constraint leaves one alert, counted twice.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class TwoEvaluatorsOpenOneAlertTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AlertStore store;
    @Inject
    RuleSettings settings;
    @Inject
    DeviceDirectory directory;

    @Test
    void racingEvaluatorsOpenOneAlert() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        DeviceDirectory.Entry device = directory.find(kiosk).orElseThrow();
        Rule rule = settings.rule("KIOSK_SCREEN_FAULT").orElseThrow();
        int evaluators = 8;
        CyclicBarrier start = new CyclicBarrier(evaluators);
        ExecutorService threads = Executors.newFixedThreadPool(evaluators);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < evaluators; i++) {
                done.add(threads.submit(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        connection.setAutoCommit(false);
                        start.await();
                        store.raise(connection, device, rule, "screen is FAULT", null, null, null, Instant.now(),
                                Duration.ofMinutes(30));
                        connection.commit();
                    }
                    return null;
                }));
            }
            for (Future<Void> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        var alerts = Alerts.of(kiosk, "SCREEN_FAULT");
        assertEquals(1, alerts.size(), "one alert per device and rule");
        assertEquals(evaluators, alerts.get(0).get("count"));
        assertEquals(evaluators, Alerts.get(alerts.get(0).get("id")).getList("trail").size(),
                "one raise and the repeats, each in the trail");
    }
}
