package org.communityhub.embedded;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.testing.MqttDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Boots the packaged hub the way the README's run command does, with nothing configured: it must
 * start its own PostgreSQL and broker, load the demo data, take a device's telemetry over MQTT, and
 * keep all of it across a restart.
 */
class EmbeddedModeIT {

    private static final Pattern GENERATED_PASSWORD = Pattern.compile("Generated password for user 'admin': (\\S+)");
    private static final String DEMO_KIOSK = "kiosk-230103004001";

    private Hub hub;

    @Test
    void theHubRunsWithNothingConfiguredAndKeepsItsDataAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("hub-embedded-it");
        Map<String, String> env = Map.of(
                "HUB_DATA_DIR", dataDir.toString(),
                "HUB_HTTP_PORT", String.valueOf(freePort()),
                "HUB_EMBEDDED_MQTT_PORT", String.valueOf(freePort()),
                "HUB_EMBEDDED_DB_PORT", String.valueOf(freePort()));

        hub = Hub.start(env);
        assertTrue(hub.logContains("database: EMBEDDED PostgreSQL"), hub.log());
        assertTrue(hub.logContains("broker: EMBEDDED HiveMQ CE"), hub.log());
        String password = hub.generatedPassword();
        given().auth().preemptive().basic("admin", password).get(hub.url("/api/v1/devices"))
                .then().statusCode(200).body("total", greaterThanOrEqualTo(190));
        given().get(hub.url("/api/v1/devices")).then().statusCode(401);

        long ts = System.currentTimeMillis();
        try (MqttDevice kiosk = MqttDevice.connect("tcp://127.0.0.1:" + env.get("HUB_EMBEDDED_MQTT_PORT"), DEMO_KIOSK)) {
            kiosk.telemetry("{\"ts\":" + ts + ",\"seq\":0,\"serviceState\":\"IN_SERVICE\",\"printer\":\"OK\"}");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().auth().preemptive().basic("admin", password)
                        .get(hub.url("/api/v1/devices/" + DEMO_KIOSK + "/telemetry"))
                        .then().statusCode(200).body("total", equalTo(1))
                        .body("items[0].serviceState", equalTo("IN_SERVICE")));
        int devices = given().auth().preemptive().basic("admin", password).get(hub.url("/api/v1/devices"))
                .then().extract().path("total");
        hub.stop();

        hub = Hub.start(env);
        assertFalse(hub.logContains("Generated password"), "a restart must keep the first admin password");
        assertTrue(hub.logContains("demo data: not loaded"), hub.log());
        given().auth().preemptive().basic("admin", password).get(hub.url("/api/v1/devices"))
                .then().statusCode(200).body("total", equalTo(devices));
        given().auth().preemptive().basic("admin", password)
                .get(hub.url("/api/v1/devices/" + DEMO_KIOSK + "/telemetry"))
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].seq", equalTo(0));
    }

    @AfterEach
    void stopHub() throws InterruptedException {
        if (hub != null) {
            hub.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The packaged hub in a child process, with its output kept for assertions. */
    private static final class Hub {

        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final String httpPort;

        private Hub(Process process, String httpPort) {
            this.process = process;
            this.httpPort = httpPort;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException | UncheckedIOException e) {
                    // the process ended and took its output with it
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Hub start(Map<String, String> env) {
            String runner = System.getProperty("hub.runner", "target/quarkus-app/quarkus-run.jar");
            assertTrue(Files.exists(Path.of(runner)), runner + " is missing: run mvn verify, which packages the hub first");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", runner)
                    .redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("HUB_"));
            builder.environment().putAll(env);
            Hub hub;
            try {
                hub = new Hub(builder.start(), env.get("HUB_HTTP_PORT"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> hub.logContains("MQTT connected") || !hub.process.isAlive());
            assertTrue(hub.process.isAlive(), "the hub exited:\n" + hub.log());
            return hub;
        }

        boolean logContains(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        String generatedPassword() {
            for (String line : lines) {
                Matcher matcher = GENERATED_PASSWORD.matcher(line);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            throw new AssertionError("no generated admin password in the log:\n" + log());
        }

        String log() {
            return String.join("\n", lines);
        }

        String url(String path) {
            return "http://127.0.0.1:" + httpPort + path;
        }

        void stop() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            assertEquals(false, process.isAlive());
        }
    }
}
