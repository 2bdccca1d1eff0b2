package org.communityhub.scaling;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import io.restassured.RestAssured;
import org.communityhub.testing.AlertStreamClient;
import org.communityhub.testing.KioskFleet;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.OwnServices;
import org.communityhub.testing.TwoReplicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A console connected to one replica sees the alert changes every replica commits: with the stream
 * shared, some of the devices' faults are raised by the other replica, and a duty officer's
 * action may go through the other replica's API.
 */
class ConsoleAcrossReplicasIT {

    static final int KIOSKS = 8;

    private TwoReplicas replicas;

    @BeforeEach
    void startTwoReplicas() {
        replicas = TwoReplicas.start(false, Map.of());
    }

    @AfterEach
    void stopAll() throws Exception {
        replicas.close();
    }

    @Test
    void aConsoleOnOneReplicaSeesTheAlertChangesTheOtherCommits() throws Exception {
        List<String> kiosks;
        try (Connection db = OwnServices.database()) {
            kiosks = KioskFleet.register(db, KIOSKS, null);
        }
        try (AlertStreamClient console = AlertStreamClient.open(replicas.b.url(""), "admin", TwoReplicas.PASSWORD, null)) {
            await("the console's stream is open").atMost(Duration.ofSeconds(10)).until(() -> console.status() == 200);
            for (String kiosk : kiosks) {
                try (MqttDevice device = MqttDevice.connect(replicas.brokerUrl(), kiosk)) {
                    device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"printer\":\"JAM\"}");
                }
            }
            await("every printer fault on the console").atMost(Duration.ofSeconds(30))
                    .until(() -> steps(console, kiosks, "RAISED").size() == KIOSKS);

            // a duty officer acknowledges them through replica a: nothing else happens on b afterwards
            for (String kiosk : kiosks) {
                long id = RestAssured.given().auth().preemptive().basic("admin", TwoReplicas.PASSWORD)
                        .get(replicas.a.url("/api/v1/alerts?deviceId=" + kiosk)).then().statusCode(200)
                        .extract().jsonPath().getLong("items[0].id");
                RestAssured.given().auth().preemptive().basic("admin", TwoReplicas.PASSWORD).contentType("application/json")
                        .body("{}").post(replicas.a.url("/api/v1/alerts/" + id + "/ack")).then().statusCode(200);
            }
            await("every acknowledgement on the console").atMost(Duration.ofSeconds(30))
                    .until(() -> steps(console, kiosks, "ACKNOWLEDGED").size() == KIOSKS);
            assertEquals(Set.copyOf(kiosks), steps(console, kiosks, "ACKNOWLEDGED"));
        }
    }

    /** The kiosks whose PRINTER_FAULT alert the console saw take this step. */
    private static Set<String> steps(AlertStreamClient console, List<String> kiosks, String action) {
        return console.containing("\"PRINTER_FAULT\"").stream()
                .filter(event -> event.data().contains("\"action\":\"" + action + "\""))
                .map(event -> kiosks.stream().filter(kiosk -> event.data().contains("\"" + kiosk + "\"")).findFirst().orElse(""))
                .filter(kiosk -> !kiosk.isEmpty()).collect(Collectors.toSet());
    }
}
