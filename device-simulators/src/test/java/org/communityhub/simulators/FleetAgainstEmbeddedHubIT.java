package org.communityhub.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.communityhub.simulators.devices.Malformed;
import org.communityhub.simulators.fleet.HubApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulators against the hub as a user first meets it: the packaged hub in embedded mode
 * (embedded PostgreSQL and broker, nothing configured but ports and the admin password).
 * {@code register} then {@code scenario} must show, within a minute, telemetry of all four classes,
 * a dead letter with the right reason for each bad message sent on purpose, and connectivity changes
 * (a power loss and a network loss) through the hub's API.
 */
class FleetAgainstEmbeddedHubIT {

    private static final String PASSWORD = "simulators-e2e-password";
    private static final Path SCENARIO = Path.of("src/test/resources/e2e.yaml");

    @TempDir
    static Path dir;
    static Process hub;
    static String http;
    static String broker;
    static HubApi api;

    @BeforeAll
    static void startTheHubInEmbeddedMode() throws Exception {
        Path runner = Path.of(System.getProperty("hub.runner", "../target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.exists(runner), runner + " is missing: build the hub first (mvn -B package in the repository's root; "
                + "scripts/test.sh does it before the simulators' tests)");
        int httpPort = freePort();
        int mqttPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", runner.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("hub.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HUB_"));
        builder.environment().put("HUB_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("HUB_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("HUB_EMBEDDED_MQTT_PORT", Integer.toString(mqttPort));
        builder.environment().put("HUB_EMBEDDED_DB_PORT", Integer.toString(freePort()));
        builder.environment().put("HUB_MANAGEMENT_PORT", Integer.toString(freePort()));
        builder.environment().put("HUB_ADMIN_PASSWORD", PASSWORD);
        hub = builder.start();
        http = "http://127.0.0.1:" + httpPort;
        broker = "tcp://127.0.0.1:" + mqttPort;
        api = new HubApi(http + "/api/v1/", "admin", PASSWORD);
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            if (!hub.isAlive()) {
                fail("the hub exited with " + hub.exitValue() + ":\n" + log());
            }
            try {
                api.get("devices?size=1");
                if (Files.readString(dir.resolve("hub.log")).contains("MQTT connected")) {
                    return;
                }
            } catch (IOException e) {
                // not serving yet
            }
            Thread.sleep(500);
        }
        fail("the hub did not start within 3 minutes:\n" + log());
    }

    /** The first start of a fresh data directory, as the README's run command makes it: not one warning. */
    @Test
    void theFirstStartLogsNoWarning() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("hub.log"));
        int started = 0;
        while (started < lines.size() && !lines.get(started).contains("MQTT connected")) {
            started++;
        }
        List<String> warnings = lines.subList(0, Math.min(lines.size(), started + 1)).stream()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertEquals(List.of(), warnings, "the first start in embedded mode logged warnings");
    }

    /**
     * The README's demo: {@code scripts/demo.sh} runs {@code demo} with scenarios/demo-alive.yaml over the
     * embedded mode's own demo devices of Heilongjiang. Within a minute the console has alerts (the
     * street's power loss at 15 s puts its lockers and loudspeakers on batteries) and the drill.
     */
    @Test
    void theDemoBringsTheEmbeddedDemoDevicesToLife() throws Exception {
        Instant start = Instant.now();
        assertEquals(0, Simulators.run("demo", "scenarios/demo-alive.yaml", "--area", "230000000000", "--duration", "45s",
                "--broker", broker, "--hub", http, "--password", PASSWORD, "--progress", "15s"));
        List<JsonNode> alerts = api.all("alerts?area=230000000000&from=" + start);
        assertTrue(alerts.stream().anyMatch(alert -> alert.get("type").asText().equals("ON_BATTERY")),
                "the power loss put devices on batteries: " + alerts);
        List<JsonNode> drills = api.all("broadcasts?priority=DRILL&area=230102001000");
        assertTrue(drills.stream().anyMatch(drill -> Instant.parse(drill.get("createdAt").asText()).isAfter(start)),
                "the drill was broadcast: " + drills);
        assertTrue(!api.all("devices/kiosk-230102001001/telemetry?from=" + start).isEmpty(), "the demo's kiosks reported");
    }

    private static String command(String device, Object body) throws IOException, InterruptedException {
        return api.post("devices/" + device + "/commands", body).get("commandId").asText();
    }

    @AfterAll
    static void stopTheHub() throws InterruptedException {
        if (hub != null) {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
    }

    @Test
    void registerThenScenarioShowTelemetryDeadLettersAndConnectivityWithinAMinute() throws Exception {
        Instant start = Instant.now();
        Path credentials = dir.resolve("credentials.csv");
        assertEquals(0, Simulators.run("register", "--hub", http, "--password", PASSWORD, "--scenario", SCENARIO.toString(),
                "--credentials", credentials.toString()));
        Path result = dir.resolve("result.json");
        java.util.concurrent.CompletableFuture<Integer> scenario = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                Simulators.run("scenario", SCENARIO.toString(), "--broker", broker, "--progress", "5s",
                        "--credentials", credentials.toString(), "--result", result.toString(), "--hub", http,
                        "--password", PASSWORD));
        // commands to devices of the community the timeline leaves alone, once the fleet is connected
        Thread.sleep(4000);
        java.util.Map<String, String> commands = new java.util.LinkedHashMap<>();
        commands.put("sim-kiosk-980101001002-1", command("sim-kiosk-980101001002-1",
                java.util.Map.of("type", "SET_SERVICE_STATE", "params", java.util.Map.of("state", "MAINTENANCE"))));
        commands.put("sim-elder-980101001002-1", command("sim-elder-980101001002-1", java.util.Map.of("type", "LOCATE")));
        assertEquals(0, scenario.get(), "the scenario ran without publishing errors, each device signed in with its own password");
        // the timeline's broadcast step asked the hub for a drill; the run's figures carry it
        JsonNode played = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.toFile()).path("broadcasts").path(0);
        assertEquals(1, played.path("totals").path("targeted").asInt(), played.toString());
        assertEquals(1, played.path("totals").path("played").asInt(), "the community's unit played the drill: " + played);
        assertEquals(1.0, played.path("whole").path("playedShare").asDouble(), played.toString());
        assertEquals("DRILL", api.get("broadcasts/" + played.path("id").asLong()).get("priority").asText());
        commands.forEach((device, id) -> {
            try {
                JsonNode answered = api.get("devices/" + device + "/commands/" + id);
                assertEquals("DONE", answered.get("state").asText(), device + " answered its command: " + answered);
                assertTrue(answered.hasNonNull("acceptedAt") && answered.hasNonNull("endedAt"), answered.toString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        for (String device : List.of("sim-kiosk-980101001001-1", "sim-locker-980101001001-1",
                "sim-broadcast-980101001001-1", "sim-elder-980101001001-1")) {
            assertTrue(api.get("devices/" + device + "/telemetry?from=" + start).get("total").asLong() > 0,
                    device + " has stored telemetry");
        }

        Set<String> reasons = new HashSet<>();
        for (JsonNode letter : api.all("dead-letters?from=" + start)) {
            if (letter.get("deviceId").asText().startsWith("sim-kiosk-980101001001-1")) {
                reasons.add(letter.get("reason").asText());
            }
        }
        // the embedded broker refuses a device publishing under another id, so that fault never reaches the hub
        Set<String> expected = EnumSet.complementOf(EnumSet.of(Malformed.UNKNOWN_DEVICE)).stream().map(Enum::name)
                .collect(Collectors.toSet());
        assertEquals(expected, reasons, "each bad message is dead-lettered with the reason of its kind");

        assertTrue(history("sim-kiosk-980101001001-1").containsAll(List.of("OFFLINE STATUS_OFFLINE", "ONLINE STATUS_ONLINE")),
                "the kiosk went off with the power (its will) and came back: " + history("sim-kiosk-980101001001-1"));
        List<Long> kioskSeqs = new ArrayList<>();
        api.all("devices/sim-kiosk-980101001001-1/telemetry?from=" + start).forEach(r -> kioskSeqs.add(r.get("seq").asLong()));
        assertEquals(2, kioskSeqs.stream().filter(seq -> seq == 0).count(), "the kiosk rebooted once: seq 0 twice " + kioskSeqs);
        assertTrue(api.all("devices/sim-broadcast-980101001001-1/telemetry?from=" + start).stream()
                .anyMatch(r -> "BATTERY".equals(r.path("power").asText())), "the broadcast unit ran on its battery");

        String locker = "sim-locker-980101001002-1";
        assertTrue(history(locker).containsAll(List.of("OFFLINE STATUS_OFFLINE", "ONLINE STATUS_ONLINE")),
                "the locker lost its network and came back: " + history(locker));
        Instant outageStart = start.plusSeconds(8);
        long duringOutage = api.all("devices/" + locker + "/telemetry?from=" + start).stream()
                .map(r -> r.get("ts").isNumber() ? Instant.ofEpochMilli(r.get("ts").asLong()) : Instant.parse(r.get("ts").asText()))
                .filter(ts -> ts.isAfter(outageStart.plusSeconds(2)) && ts.isBefore(outageStart.plusSeconds(20)))
                .count();
        assertTrue(duringOutage >= 1, "what the locker measured offline arrived after it reconnected: " + duringOutage);

        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "all of it within a minute of registering: " + took);
    }

    /** The device's connectivity changes through the API, oldest first, as "TO REASON". */
    private static List<String> history(String deviceId) throws Exception {
        List<String> changes = new ArrayList<>();
        for (JsonNode change : api.all("devices/" + deviceId + "/connectivity")) {
            changes.add(0, change.get("to").asText() + " " + change.get("reason").asText());
        }
        return changes;
    }

    private static String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("hub.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
