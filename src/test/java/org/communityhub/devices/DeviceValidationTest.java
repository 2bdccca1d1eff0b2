package org.communityhub.devices;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a registration can be wrong answers 400 naming the field, and registers nothing. */
@QuarkusTest
@WithTestResource(HubServices.class)
class DeviceValidationTest {

    private TestAreas.Branch branch;

    @BeforeEach
    void area() {
        branch = TestAreas.create(1);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "id          | 'has space'",
            "id          | 'hub/v1/x'",
            "id          | '+'",
            "id          | ''",
            "deviceClass | 'TOASTER'",
            "name        | ''",
            "lat         | 91",
            "lon         | -181",
            "expectedIntervalSeconds | 0",
            "areaCode    | '2301'",
            "installedAt | 'yesterday'"})
    void aWrongFieldIsNamed(String field, String value) {
        Map<String, Object> device = valid();
        device.put(field, value.matches("-?\\d+") ? Integer.valueOf(value) : value);
        expectInvalid(device, field);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        for (String field : new String[] {"id", "deviceClass", "areaCode", "name"}) {
            Map<String, Object> device = valid();
            device.remove(field);
            expectInvalid(device, field);
        }
    }

    @Test
    void theAreaMustExistAndBeACommunityOrGrid() {
        Map<String, Object> device = valid();
        device.put("areaCode", branch.street());
        expectInvalid(device, "areaCode").body("detail", containsString("COMMUNITY or a GRID"));

        device.put("areaCode", branch.street().substring(0, 9) + "999");
        expectInvalid(device, "areaCode").body("detail", containsString("does not exist"));
    }

    @Test
    void aWrongTypeIsNamed() {
        Map<String, Object> device = valid();
        device.put("lat", "north");
        expectInvalid(device, "lat");
    }

    @Test
    void malformedJsonAndAMissingBodyAreRefused() {
        Api.asAdmin().body("{\"id\": \"x\",").post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json");
        Api.asAdmin().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownFilterValuesAreNamed() {
        Api.asAdmin().queryParam("deviceClass", "TOASTER").get("/api/v1/devices")
                .then().statusCode(400).body("fields", hasItem("deviceClass"));
        Api.asAdmin().queryParam("state", "BROKEN").get("/api/v1/devices")
                .then().statusCode(400).body("fields", hasItem("state"));
        Api.asAdmin().queryParam("area", "23").get("/api/v1/devices")
                .then().statusCode(400).body("fields", hasItem("area"));
        Api.asAdmin().queryParam("size", 5000).get("/api/v1/devices")
                .then().statusCode(400).body("fields", hasItem("size"));
    }

    private Map<String, Object> valid() {
        Map<String, Object> device = new HashMap<>();
        device.put("id", "kiosk-valid-" + branch.community());
        device.put("deviceClass", "KIOSK");
        device.put("areaCode", branch.community());
        device.put("name", "kiosk");
        return device;
    }

    private io.restassured.response.ValidatableResponse expectInvalid(Map<String, Object> device, String field) {
        var response = Api.asAdmin().body(device).post("/api/v1/devices")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("fields", hasItem(field));
        Api.asAdmin().get("/api/v1/devices/kiosk-valid-" + branch.community()).then().statusCode(404);
        return response;
    }
}
