package org.communityhub.embedded;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.MqttDevice;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Boots the packaged hub the way the README's run command does, with nothing configured: it must
 * start its own PostgreSQL and broker, load the demo data, take a device's telemetry over MQTT, and
 * keep all of it across a restart.
 */
class EmbeddedModeIT {

    static final Pattern GENERATED_PASSWORD = Pattern.compile("Generated password for user 'admin': (\\S+)");
    private static final String DEMO_KIOSK = "kiosk-230103004001";

    private HubProcess hub;

    @Test
    void theHubRunsWithNothingConfiguredAndKeepsItsDataAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("hub-embedded-it");
        Map<String, String> env = Map.of(
                "HUB_DATA_DIR", dataDir.toString(),
                "HUB_HTTP_PORT", String.valueOf(HubProcess.freePort()),
                "HUB_EMBEDDED_MQTT_PORT", String.valueOf(HubProcess.freePort()),
                "HUB_EMBEDDED_DB_PORT", String.valueOf(HubProcess.freePort()));

        hub = HubProcess.start(env);
        assertTrue(hub.logContains("database: EMBEDDED PostgreSQL"), hub.log());
        assertTrue(hub.logContains("broker: EMBEDDED HiveMQ CE"), hub.log());
        String password = generatedPassword(hub);
        given().auth().preemptive().basic("admin", password).get(hub.url("/api/v1/devices"))
                .then().statusCode(200).body("total", greaterThanOrEqualTo(190));
        given().get(hub.url("/api/v1/devices")).then().statusCode(401);

        // the embedded broker admits a device only with the password the hub issued for it
        String broker = "tcp://127.0.0.1:" + env.get("HUB_EMBEDDED_MQTT_PORT");
        assertThrows(MqttException.class, () -> MqttDevice.connect(broker, DEMO_KIOSK).close());
        String devicePassword = given().auth().preemptive().basic("admin", password)
                .post(hub.url("/api/v1/devices/" + DEMO_KIOSK + "/credentials")).then().statusCode(201)
                .extract().path("password");
        long ts = System.currentTimeMillis();
        try (MqttDevice kiosk = MqttDevice.connect(broker, DEMO_KIOSK, devicePassword)) {
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

        hub = HubProcess.start(env);
        assertFalse(hub.logContains("Generated password"), "a restart must keep the first admin password");
        assertTrue(hub.logContains("demo data: not loaded"), hub.log());
        given().auth().preemptive().basic("admin", password).get(hub.url("/api/v1/devices"))
                .then().statusCode(200).body("total", equalTo(devices));
        given().auth().preemptive().basic("admin", password)
                .get(hub.url("/api/v1/devices/" + DEMO_KIOSK + "/telemetry"))
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].seq", equalTo(0));
    }

    static String generatedPassword(HubProcess hub) {
        for (String line : hub.lines()) {
            Matcher matcher = GENERATED_PASSWORD.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no generated admin password in the log:\n" + hub.log());
    }

    @AfterEach
    void stopHub() throws InterruptedException {
        if (hub != null) {
            hub.stop();
        }
    }

}
