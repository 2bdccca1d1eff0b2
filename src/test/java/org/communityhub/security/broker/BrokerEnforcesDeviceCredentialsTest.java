package org.communityhub.security.broker;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.BrokerEnforcement.Credential;
import org.communityhub.testing.BrokerEnforcement;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A real Mosquitto configured from the password and ACL files the hub wrote, reloaded by the hub's
 * reload command: device A cannot publish on B's topics nor read B's commands; a rotated password
 * works and the old one does not; a revoked device is cut off and can no longer connect; and the hub
 * dead-letters what a revoked device still sends through a broker that lets it in.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class BrokerEnforcesDeviceCredentialsTest {

    private static Process mosquitto;

    @Test
    void mosquittoConfiguredFromTheHubsFilesEnforcesEachDevicesCredential() throws Exception {
        String community = TestAreas.create(1).community();
        String a = TestAreas.device("KIOSK", community);
        String b = TestAreas.device("KIOSK", community);
        Credential credentialA = issue(a);
        Credential credentialB = issue(b);
        BrokerEnforcement broker = new BrokerEnforcement(startMosquitto(), HubServices.HUB_MQTT_USER,
                HubServices.HUB_MQTT_PASSWORD);
        broker.awaitCredentials(Map.of(a, credentialA.password(), b, credentialB.password()), Map.of());
        broker.checkDevices(credentialA, credentialB);

        Credential rotated = issue(b);
        broker.awaitCredentials(Map.of(b, rotated.password()), Map.of(b, credentialB.password()));

        try (var connected = broker.connect(a, credentialA.password())) {
            Api.asAdmin().delete("/api/v1/devices/" + a + "/credentials").then().statusCode(204);
            await().atMost(Duration.ofSeconds(15)).until(() -> !connected.isConnected());
        }
        broker.awaitCredentials(Map.of(b, rotated.password()), Map.of(a, credentialA.password()));
        Api.asAdmin().get("/api/v1/devices/" + a + "/credentials").then().statusCode(200)
                .body("state", equalTo("REVOKED")).body("revokedBy", equalTo("admin"));

        // the shared test broker lets anyone in: the hub itself refuses the revoked device's messages
        try (MqttDevice device = MqttDevice.connect(a)) {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"serviceState\":\"IN_SERVICE\"}");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.asAdmin()
                .get("/api/v1/dead-letters?deviceId=" + a).then().body("items.reason", hasItem("REVOKED_DEVICE")));
        Api.asAdmin().get("/api/v1/devices/" + a + "/telemetry").then().body("total", equalTo(0));
    }

    @Test
    void theFilesHoldHashesOnlyAndDecommissionedDevicesLeaveThem() throws Exception {
        String community = TestAreas.create(1).community();
        String kiosk = TestAreas.device("KIOSK", community);
        Credential credential = issue(kiosk);
        Path passwd = HubServices.MOSQUITTO_FILES.resolve("passwd");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(passwd).contains(kiosk + ":$7$"));
        String files = Files.readString(passwd) + Files.readString(HubServices.MOSQUITTO_FILES.resolve("acl"));
        assertFalse(files.contains(credential.password()), "a password in the clear");
        assertFalse(files.contains(HubServices.HUB_MQTT_PASSWORD), "the hub's password in the clear");
        assertTrue(Files.readString(HubServices.MOSQUITTO_FILES.resolve("acl")).contains("pattern read hub/v1/%u/command"));

        Api.asAdmin().body(Map.of()).post("/api/v1/devices/" + kiosk + "/decommission").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.readString(passwd).contains(kiosk + ":"));
        Api.asAdmin().post("/api/v1/devices/" + kiosk + "/credentials").then().statusCode(409);
    }

    @Test
    void credentialsAreManagedWithinTheCallersAreasAndShownOnce() {
        TestAreas.Branch branch = TestAreas.create(2);
        String own = TestAreas.device("ELDER_ALERT", branch.communities().get(0));
        String other = TestAreas.device("ELDER_ALERT", branch.communities().get(1));
        String operator = "cred-operator-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", operator, "password", Api.STAFF_PASSWORD, "roles", List.of("OPERATOR"),
                "areaCodes", List.of(branch.communities().get(0)))).post("/api/v1/users").then().statusCode(201);
        Api.as(operator, Api.STAFF_PASSWORD).get("/api/v1/devices/" + own + "/credentials").then().statusCode(200)
                .body("state", equalTo("NONE"));
        Api.as(operator, Api.STAFF_PASSWORD).post("/api/v1/devices/" + own + "/credentials").then().statusCode(201)
                .body("username", equalTo(own)).body("password.size()", equalTo(32));
        Api.as(operator, Api.STAFF_PASSWORD).get("/api/v1/devices/" + own + "/credentials").then().statusCode(200)
                .body("state", equalTo("ACTIVE")).body("issuedBy", equalTo(operator)).body("password", nullValue());
        Api.as(operator, Api.STAFF_PASSWORD).post("/api/v1/devices/" + other + "/credentials").then().statusCode(404);
        Api.as(operator, Api.STAFF_PASSWORD).delete("/api/v1/devices/" + other + "/credentials").then().statusCode(404);
        Api.as(operator, Api.STAFF_PASSWORD).get("/api/v1/devices/no-such-device/credentials").then().statusCode(404);
        Api.asStaff(Api.dutyStaff("cred-duty", branch.communities().get(0)))
                .post("/api/v1/devices/" + own + "/credentials").then().statusCode(403);
        Api.as(operator, Api.STAFF_PASSWORD).delete("/api/v1/devices/" + own + "/credentials").then().statusCode(204);
        Api.as(operator, Api.STAFF_PASSWORD).delete("/api/v1/devices/" + own + "/credentials").then().statusCode(409);
    }

    private static Credential issue(String deviceId) {
        String password = Api.asAdmin().post("/api/v1/devices/" + deviceId + "/credentials").then().statusCode(201)
                .extract().path("password");
        return new Credential(deviceId, password);
    }

    /** Starts Debian's Mosquitto on the files the hub wrote; the hub's reload command signals it. */
    private static synchronized String startMosquitto() throws Exception {
        Path dir = HubServices.MOSQUITTO_FILES;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        if (mosquitto == null) {
            Path binary = Files.exists(Path.of("/usr/sbin/mosquitto")) ? Path.of("/usr/sbin/mosquitto") : null;
            assertTrue(binary != null, "this test runs Debian's Mosquitto on the hub's files: apt-get install -y mosquitto");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("passwd")));
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                    "listener " + port + " 127.0.0.1", "allow_anonymous false",
                    "password_file " + dir.resolve("passwd"), "acl_file " + dir.resolve("acl"),
                    // the files are the hub's user's; a Mosquitto started as root would switch to its own
                    "user root", "log_dest file " + dir.resolve("mosquitto.log"), ""));
            mosquitto = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
            Files.writeString(dir.resolve("mosquitto.pid"), Long.toString(mosquitto.pid()));
            String url = "tcp://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
            Files.writeString(dir.resolve("url"), url);
            return url;
        }
        return Files.readString(dir.resolve("url"));
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopMosquitto() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            assertEquals(true, mosquitto.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            Files.deleteIfExists(HubServices.MOSQUITTO_FILES.resolve("mosquitto.pid"));
            mosquitto = null;
        }
    }
}
