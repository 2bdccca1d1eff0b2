package org.communityhub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The duty console as a duty officer uses it, in Debian's headless Chromium driven by playwright-core
 * ({@code src/test/browser/console-test.mjs}): signs in, sees an SOS published over MQTT appear on
 * the board without a reload, works it through the closed loop, opens the other pages, dispatches
 * and stops a broadcast, and a duty officer of another community does not see the alert. It saves a
 * screenshot of each page in {@code target/console-screenshots} (the ones in docs/console.md).
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class ConsoleInBrowserTest {

    private static final Path BROWSER_TEST = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HUB_TEST_CHROMIUM", "/usr/bin/chromium"));

    @Test
    void aDutyOfficerWorksAnSosThroughTheLoopInTheBrowser() throws Exception {
        requireTools();
        TestAreas.Branch branch = TestAreas.create(2);
        String community = branch.communities().get(0);
        String elder = placed("ELDER_ALERT", community, "独居老人 张大爷 · resident Zhang", 45.7761, 126.6172);
        placed("BROADCAST_UNIT", community, "社区广场应急广播 · square loudspeaker", 45.7772, 126.6143);
        String kiosk = placed("KIOSK", community, "社区服务中心自助机 · service centre kiosk", 45.7751, 126.6158);
        placed("PARCEL_LOCKER", community, "3 号楼快件箱 · locker, building 3", 45.7783, 126.6181);
        String staff = Api.dutyStaff("console", community);
        String other = Api.dutyStaff("console-other", branch.communities().get(1));
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);

        ProcessBuilder builder = new ProcessBuilder("node", "console-test.mjs").directory(BROWSER_TEST.toFile())
                .redirectErrorStream(true);
        builder.environment().put("HUB_URL", "http://localhost:" + port);
        builder.environment().put("STAFF_USER", staff);
        builder.environment().put("STAFF_PASSWORD", Api.STAFF_PASSWORD);
        builder.environment().put("OTHER_USER", other);
        builder.environment().put("OTHER_PASSWORD", Api.STAFF_PASSWORD);
        builder.environment().put("SHOTS", Path.of("target/console-screenshots").toAbsolutePath().toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        try (MqttDevice reporting = MqttDevice.connect(kiosk); MqttDevice resident = MqttDevice.connect(elder)) {
            long now = System.currentTimeMillis();
            reporting.telemetry("{\"ts\":" + now + ",\"seq\":1,\"serviceState\":\"IN_SERVICE\",\"printer\":\"OK\"}");
            for (int hour = 6; hour >= 1; hour--) { // the resident's wearable over the last hours, for the chart
                resident.telemetry("{\"ts\":" + (now - hour * 3_600_000L) + ",\"seq\":" + (10 - hour) + ",\"batteryPct\":"
                        + (70 + hour * 3) + ",\"worn\":true,\"heartRateBpm\":" + (68 + hour % 3 * 4) + "}");
            }
        }
        Process browser = builder.start();
        List<String> output = new ArrayList<>();
        String verdict = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
                Writer answers = new java.io.OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8);
                MqttDevice device = MqttDevice.connect(elder)) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.equals("READY board")) {
                    // the board is open: the resident presses the button now
                    device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"SOS\"}");
                    answers.write(elder + "\n");
                    answers.flush();
                } else if (line.equals("READY broadcast")) {
                    answers.write(community + "\n");
                    answers.flush();
                } else if (line.startsWith("PASSED") || line.startsWith("FAILED")) {
                    verdict = line;
                }
            }
        } finally {
            if (!browser.waitFor(60, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
        assertEquals("PASSED", verdict, "the browser's run:\n" + String.join("\n", output));
        assertEquals(0, browser.exitValue(), String.join("\n", output));
        for (String page : List.of("sign-in", "alert-board", "alert-board-phone", "alert", "alert-closed", "uptime", "coverage", "devices", "device",
                "map", "broadcasts", "broadcast", "other-community-board")) {
            assertTrue(Files.size(Path.of("target/console-screenshots", page + ".png")) > 1000, page + " was saved");
        }
    }

    /** A device registered through the API with its coordinates (the console's map draws them). */
    private static String placed(String deviceClass, String areaCode, String name, double lat, double lon) {
        String id = deviceClass.toLowerCase().replace('_', '-') + "-console-" + Long.toString(System.nanoTime(), 36);
        Api.asAdmin().body(java.util.Map.of("id", id, "deviceClass", deviceClass, "areaCode", areaCode, "name", name,
                "lat", lat, "lon", lon)).post("/api/v1/devices").then().statusCode(201);
        return id;
    }

    private static void requireTools() {
        String missing = !Files.isExecutable(CHROMIUM) ? "Chromium at " + CHROMIUM
                : !Files.isDirectory(BROWSER_TEST.resolve("node_modules/playwright-core")) ? "playwright-core in " + BROWSER_TEST
                : null;
        if (missing != null) {
            fail("The console's browser test needs " + missing + ": run scripts/test.sh (it installs Debian's chromium and "
                    + "runs npm ci in src/test/browser), or apt-get install chromium and npm ci --prefix src/test/browser; "
                    + "HUB_TEST_CHROMIUM names another Chromium");
        }
    }
}
