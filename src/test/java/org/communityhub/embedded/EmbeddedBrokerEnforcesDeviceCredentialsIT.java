package org.communityhub.embedded;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.communityhub.testing.BrokerEnforcement;
import org.communityhub.testing.BrokerEnforcement.Credential;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.OwnServices;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker asks the registry itself: the same checks as against Mosquitto configured from
 * the hub's files, then rotation and revocation, which take effect without any reload.
 */
class EmbeddedBrokerEnforcesDeviceCredentialsIT {

    private static final String ADMIN = "embedded-auth-admin";

    private HubProcess hub;

    @Test
    void theEmbeddedBrokerAdmitsDevicesByTheirHubIssuedCredentialsOnly() throws Exception {
        Map<String, String> env = new HashMap<>(OwnServices.hubEnvironment(ADMIN, "hub-embedded-auth-"));
        env.remove("HUB_MQTT_URL");
        int port = HubProcess.freePort();
        env.put("HUB_EMBEDDED_MQTT_PORT", Integer.toString(port));
        env.put("HUB_DATA_DIR", Files.createTempDirectory("hub-embedded-auth").toString());
        env.put("HUB_MQTT_USERNAME", "hub-embedded-it");
        env.put("HUB_MQTT_PASSWORD", "hub-" + UUID.randomUUID());
        hub = HubProcess.start(env);
        assertTrue(hub.logContains("EMBEDDED HiveMQ CE on 127.0.0.1:" + port), hub.log());

        String community = community();
        String a = kiosk(community);
        String b = kiosk(community);
        BrokerEnforcement broker = new BrokerEnforcement("tcp://127.0.0.1:" + port, env.get("HUB_MQTT_USERNAME"),
                env.get("HUB_MQTT_PASSWORD"));
        Credential credentialA = issue(a);
        Credential credentialB = issue(b);
        broker.checkDevices(credentialA, credentialB);

        Credential rotated = issue(b);
        broker.awaitCredentials(Map.of(b, rotated.password()), Map.of(b, credentialB.password()));

        try (MqttClient connected = broker.connect(a, credentialA.password())) {
            admin().delete(hub.url("/api/v1/devices/" + a + "/credentials")).then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> !connected.isConnected());
        }
        broker.awaitCredentials(Map.of(b, rotated.password()), Map.of(a, credentialA.password()));
    }

    private io.restassured.specification.RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN).contentType("application/json");
    }

    private Credential issue(String deviceId) {
        return new Credential(deviceId, admin().post(hub.url("/api/v1/devices/" + deviceId + "/credentials")).then()
                .statusCode(201).extract().path("password"));
    }

    /** A community of its own under a province code no real one uses. */
    private String community() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String prefix = "98" + String.format("%02d%02d%03d", 1 + random.nextInt(99), 1 + random.nextInt(99),
                1 + random.nextInt(999));
        String[] levels = {prefix.substring(0, 2) + "0000000000", prefix.substring(0, 4) + "00000000",
            prefix.substring(0, 6) + "000000", prefix + "000", prefix + "001"};
        for (String code : levels) {
            int status = admin().body(Map.of("code", code, "name", "auth " + code, "kind", "URBAN"))
                    .post(hub.url("/api/v1/areas")).statusCode();
            assertTrue(status == 201 || status == 409, "area " + code + ": " + status);
        }
        return levels[4];
    }

    private String kiosk(String community) {
        String id = "auth-kiosk-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("id", id, "deviceClass", "KIOSK", "areaCode", community, "name", id))
                .post(hub.url("/api/v1/devices")).then().statusCode(201);
        return id;
    }

    @AfterEach
    void stopHub() throws InterruptedException {
        if (hub != null) {
            hub.stop();
        }
    }
}
