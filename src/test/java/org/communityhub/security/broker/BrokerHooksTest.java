package org.communityhub.security.broker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** The HTTP hooks a clustered broker (EMQX) asks before letting a device in and before each publish or subscribe. */
@QuarkusTest
@WithTestResource(HubServices.class)
class BrokerHooksTest {

    @Test
    void onlyADeviceWithItsLiveCredentialOrTheHubIsLetIn() {
        String community = TestAreas.create(1).community();
        String kiosk = TestAreas.device("KIOSK", community);
        String password = Api.asAdmin().post("/api/v1/devices/" + kiosk + "/credentials").then().statusCode(201)
                .extract().path("password");
        authenticate(kiosk, password).body("result", equalTo("allow")).body("is_superuser", equalTo(false));
        authenticate(kiosk, password + "x").body("result", equalTo("deny"));
        authenticate("not-registered", password).body("result", equalTo("deny"));
        authenticate(HubServices.HUB_MQTT_USER, HubServices.HUB_MQTT_PASSWORD).body("result", equalTo("allow"));
        authenticate(HubServices.HUB_MQTT_USER, password).body("result", equalTo("deny"));
        hook().body(Map.of("username", kiosk)).post("/api/v1/broker/authenticate").then().statusCode(200)
                .body("result", equalTo("deny"));
        Api.asAdmin().delete("/api/v1/devices/" + kiosk + "/credentials").then().statusCode(204);
        authenticate(kiosk, password).body("result", equalTo("deny"));
    }

    @Test
    void aDeviceMayOnlyPublishOnItsOwnTopicsAndReadItsOwnCommands() {
        java.time.Instant start = java.time.Instant.now();
        authorize("k1", "hub/v1/k1/telemetry", "publish", "allow");
        authorize("k1", "hub/v1/k1/status", "publish", "allow");
        authorize("k1", "hub/v1/k1/command/ack", "publish", "allow");
        authorize("k1", "hub/v1/k1/command", "subscribe", "allow");
        authorize("k1", "hub/v1/k2/telemetry", "publish", "deny");
        authorize("k1", "hub/v1/k2/command", "subscribe", "deny");
        authorize("k1", "hub/v1/k1/command", "publish", "deny");
        authorize("k1", "hub/v1/#", "subscribe", "deny");
        authorize("k1", "hub/v1/+/telemetry", "subscribe", "deny");
        authorize("k1", "hub/v1/k1/telemetry", "all", "deny");
        authorize(HubServices.HUB_MQTT_USER, "hub/v1/+/telemetry", "subscribe", "allow");
        authorize(HubServices.HUB_MQTT_USER, "hub/v1/k1/command", "publish", "allow");
        authorize(HubServices.HUB_MQTT_USER, "$SYS/broker/load", "subscribe", "deny");
        // the broker asks on every publish: none of it goes into the audit trail
        Api.asAdmin().get("/api/v1/audit?objectType=broker/authorize&from=" + start).then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void theHooksAnswerOnlyTheBrokerThatKnowsTheSecret() {
        given().contentType(ContentType.JSON).body(Map.of("username", "k1", "password", "x"))
                .post("/api/v1/broker/authenticate").then().statusCode(401);
        given().contentType(ContentType.JSON).header(BrokerHookResource.SECRET_HEADER, "not the secret")
                .body(Map.of("username", "k1", "topic", "hub/v1/k1/telemetry", "action", "publish"))
                .post("/api/v1/broker/authorize").then().statusCode(401).contentType("application/problem+json");
        Api.asAdmin().body(Map.of("username", "k1", "password", "x")).post("/api/v1/broker/authenticate").then()
                .statusCode(401);
    }

    private static RequestSpecification hook() {
        return given().contentType(ContentType.JSON).header(BrokerHookResource.SECRET_HEADER, HubServices.BROKER_HOOK_SECRET);
    }

    private static io.restassured.response.ValidatableResponse authenticate(String username, String password) {
        // EMQX sends more than the hub reads; the hook must not refuse it for that
        return hook().body(Map.of("username", username, "password", password, "clientid", username + "-1",
                "peerhost", "10.0.0.7")).post("/api/v1/broker/authenticate").then().statusCode(200);
    }

    private static void authorize(String username, String topic, String action, String result) {
        hook().body(Map.of("username", username, "topic", topic, "action", action)).post("/api/v1/broker/authorize")
                .then().statusCode(200).body("result", equalTo(result));
    }
}
