package org.communityhub.connectivity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** The states of many devices at once (the console's device list and map), confined to the caller's areas. */
@QuarkusTest
@WithTestResource(HubServices.class)
class DeviceStatesTest {

    @Test
    void staffSeeTheirOwnAreasDevicesWithTheirConnectivity() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        String heard = TestAreas.device("KIOSK", branch.communities().get(0));
        String silent = TestAreas.device("ELDER_ALERT", branch.communities().get(0));
        String elsewhere = TestAreas.device("KIOSK", branch.communities().get(1));
        try (MqttDevice device = MqttDevice.connect(heard)) {
            device.telemetry("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"serviceState\":\"IN_SERVICE\"}");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> "ONLINE".equals(
                Api.asAdmin().get("/api/v1/devices/" + heard + "/state").jsonPath().getString("connectivity")));

        String staff = Api.dutyStaff("states", branch.communities().get(0));
        var mine = Api.asStaff(staff).get("/api/v1/device-states?area=" + branch.street()).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(heard, silent).stream().sorted().toList(), mine.getList("items.deviceId"),
                "the street's devices the staff may see, not the other community's " + elsewhere);
        assertEquals(2, mine.getInt("total"));
        Api.asStaff(staff).get("/api/v1/device-states?connectivity=ONLINE").then().statusCode(200)
                .body("items.deviceId", equalTo(List.of(heard))).body("items[0].connectivity", equalTo("ONLINE"))
                .body("items[0].reason", equalTo("MESSAGE"));
        Api.asStaff(staff).get("/api/v1/device-states?connectivity=UNKNOWN&deviceClass=ELDER_ALERT").then().statusCode(200)
                .body("items.deviceId", equalTo(List.of(silent))).body("items[0].since", nullValue());
        Api.asAdmin().get("/api/v1/device-states?area=" + branch.communities().get(1)).then().statusCode(200)
                .body("items.deviceId", equalTo(List.of(elsewhere)));
    }

    @Test
    void badFiltersAreNamed() {
        Api.asAdmin().get("/api/v1/device-states?area=12ab").then().statusCode(400).body(containsString("area"));
        Api.asAdmin().get("/api/v1/device-states?connectivity=ASLEEP").then().statusCode(400).body(containsString("connectivity"));
        Api.asAdmin().get("/api/v1/device-states?deviceClass=TOASTER").then().statusCode(400).body(containsString("deviceClass"));
        Api.asAdmin().get("/api/v1/device-states?size=100000").then().statusCode(400).body(containsString("size"));
        given().get("/api/v1/device-states").then().statusCode(401);
    }

    @Test
    void theConsolesCallsGetNoBasicChallengeSoTheBrowserShowsNoPasswordDialog() {
        given().get("/api/v1/users/me").then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        given().header("X-Requested-With", "console").get("/api/v1/users/me").then().statusCode(401)
                .header("WWW-Authenticate", nullValue()).body(containsString("sign in"));
    }
}
