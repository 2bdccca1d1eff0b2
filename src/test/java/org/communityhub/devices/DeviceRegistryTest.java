package org.communityhub.devices;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HubServices.class)
class DeviceRegistryTest {

    @Test
    void aDeviceIsRegisteredWithEveryContractFieldAndReadBack() {
        String community = TestAreas.create(1).community();
        Map<String, Object> kiosk = new HashMap<>(Map.of(
                "id", "kiosk-reg-" + community, "deviceClass", "KIOSK", "areaCode", community,
                "name", "花园社区政务一体机", "lat", 45.763, "lon", 126.653, "address", "花园街 12 号",
                "model", "ZW-3000", "firmware", "2.4.1", "installedAt", "2024-05-20T08:00:00Z"));

        Api.asAdmin().body(kiosk).post("/api/v1/devices")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/devices/kiosk-reg-" + community))
                .body("state", equalTo("ACTIVE"));

        Api.asAdmin().get("/api/v1/devices/kiosk-reg-" + community)
                .then().statusCode(200)
                .body("id", equalTo("kiosk-reg-" + community))
                .body("deviceClass", equalTo("KIOSK"))
                .body("areaCode", equalTo(community))
                .body("name", equalTo("花园社区政务一体机"))
                .body("lat", equalTo(45.763f))
                .body("lon", equalTo(126.653f))
                .body("address", equalTo("花园街 12 号"))
                .body("model", equalTo("ZW-3000"))
                .body("firmware", equalTo("2.4.1"))
                .body("installedAt", equalTo("2024-05-20T08:00:00Z"))
                .body("state", equalTo("ACTIVE"));
    }

    @Test
    void anUpdateChangesTheDescriptionButNotTheIdentity() {
        TestAreas.Branch branch = TestAreas.create(2);
        String id = TestAreas.device("PARCEL_LOCKER", branch.community());
        Map<String, Object> moved = new HashMap<>(Map.of("id", id, "deviceClass", "PARCEL_LOCKER",
                "areaCode", branch.communities().get(1), "name", "moved locker", "firmware", "3.0"));

        Api.asAdmin().body(moved).put("/api/v1/devices/" + id)
                .then().statusCode(200)
                .body("areaCode", equalTo(branch.communities().get(1)))
                .body("name", equalTo("moved locker"))
                .body("firmware", equalTo("3.0"));

        moved.put("deviceClass", "KIOSK");
        Api.asAdmin().body(moved).put("/api/v1/devices/" + id)
                .then().statusCode(400).body("fields", contains("deviceClass"));
        moved.put("deviceClass", "PARCEL_LOCKER");
        moved.put("id", id + "-x");
        Api.asAdmin().body(moved).put("/api/v1/devices/" + id)
                .then().statusCode(400).body("fields", contains("id"));
        Api.asAdmin().body(moved).put("/api/v1/devices/" + id + "-x").then().statusCode(404);
    }

    @Test
    void decommissioningKeepsTheDeviceButOnlyOnce() {
        String id = TestAreas.device("ELDER_ALERT", TestAreas.create(1).community());

        Api.asAdmin().get("/api/v1/devices/" + id).then().statusCode(200)
                .body("decommissionedAt", org.hamcrest.Matchers.nullValue());
        Api.asAdmin().post("/api/v1/devices/" + id + "/decommission")
                .then().statusCode(200).body("state", equalTo("DECOMMISSIONED"))
                .body("decommissionedAt", org.hamcrest.Matchers.notNullValue());
        Api.asAdmin().get("/api/v1/devices/" + id).then().statusCode(200).body("state", equalTo("DECOMMISSIONED"))
                .body("decommissionedAt", org.hamcrest.Matchers.notNullValue());
        Api.asAdmin().post("/api/v1/devices/" + id + "/decommission").then().statusCode(409);
        Api.asAdmin().post("/api/v1/devices/no-such-device/decommission").then().statusCode(404);
    }

    @Test
    void listsFilterByClassAreaSubtreeAndStateAndPage() {
        TestAreas.Branch branch = TestAreas.create(2);
        String kiosk = TestAreas.device("KIOSK", branch.community());
        String broadcast = TestAreas.device("BROADCAST_UNIT", branch.community());
        String elder = TestAreas.device("ELDER_ALERT", branch.communities().get(1));
        String retired = TestAreas.device("KIOSK", branch.communities().get(1));
        Api.asAdmin().post("/api/v1/devices/" + retired + "/decommission").then().statusCode(200);

        Api.asAdmin().queryParam("area", branch.street()).get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(4))
                .body("items.id", containsInAnyOrder(kiosk, broadcast, elder, retired));
        Api.asAdmin().queryParam("area", branch.community()).get("/api/v1/devices")
                .then().body("items.id", containsInAnyOrder(kiosk, broadcast));
        Api.asAdmin().queryParam("area", branch.street()).queryParam("deviceClass", "KIOSK").get("/api/v1/devices")
                .then().body("items.id", containsInAnyOrder(kiosk, retired));
        Api.asAdmin().queryParam("area", branch.street()).queryParam("class", "KIOSK")
                .queryParam("state", "ACTIVE").get("/api/v1/devices")
                .then().body("items.id", contains(kiosk));
        Api.asAdmin().queryParam("area", branch.street()).queryParam("size", 3).queryParam("page", 1)
                .get("/api/v1/devices")
                .then().body("total", equalTo(4)).body("page", equalTo(1)).body("size", equalTo(3))
                .body("items", hasSize(1));
    }

    @Test
    void duplicatesConflictAndUnknownIdsAreNotFound() {
        String community = TestAreas.create(1).community();
        String id = TestAreas.device("KIOSK", community);

        Api.asAdmin().body(Map.of("id", id, "deviceClass", "KIOSK", "areaCode", community, "name", "again"))
                .post("/api/v1/devices")
                .then().statusCode(409).contentType("application/problem+json").body("detail", notNullValue());
        Api.asAdmin().get("/api/v1/devices/never-registered").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
