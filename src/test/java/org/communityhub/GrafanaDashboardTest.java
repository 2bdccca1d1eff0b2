package org.communityhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.Management;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard of docs/operations.md (docs/grafana/community-iot-hub.json) asks Prometheus
 * only for metrics the hub serves: every name in its queries is in the hub's own /q/metrics, once a
 * reading has been stored and a message dead-lettered. A metric renamed in the code fails this test.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:hub|jvm|http_server)_[a-z_]+)\\b");

    @Test
    void everyQueryOfTheDashboardNamesAMetricTheHubServes() throws Exception {
        String kiosk = TestAreas.device("KIOSK", TestAreas.create(1).community());
        try (MqttDevice device = MqttDevice.connect(kiosk)) {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"serviceState\":\"IN_SERVICE\"}");
            device.telemetry("{not json");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                !Api.asAdmin().get("/api/v1/dead-letters?deviceId=" + kiosk).jsonPath().getList("items").isEmpty());

        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs/grafana/community-iot-hub.json").toFile());
        Set<String> named = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher matcher = METRIC.matcher(target.get("expr").asText());
                while (matcher.find()) {
                    named.add(matcher.group(1));
                }
            }
        }
        assertTrue(named.size() >= 15, "the dashboard's queries name the hub's metrics: " + named);
        Set<String> served = new TreeSet<>();
        for (String line : Management.metrics().lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                served.add(line.split("[{ ]", 2)[0]);
            }
        }
        List<String> missing = named.stream().filter(name -> !served.contains(name)).toList();
        assertEquals(List.of(), missing, "metrics the dashboard asks for and the hub does not serve");
    }
}
