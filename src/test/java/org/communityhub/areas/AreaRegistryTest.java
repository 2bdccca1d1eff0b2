package org.communityhub.areas;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HubServices.class)
class AreaRegistryTest {

    @Test
    void anAreaIsCreatedReadAndListedUnderItsParent() {
        TestAreas.Branch branch = TestAreas.create(0);
        String community = branch.street().substring(0, 9) + "001";

        Api.asAdmin().body(Map.of("code", community, "name", "花园社区", "kind", "URBAN"))
                .post("/api/v1/areas")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/areas/" + community))
                .body("code", equalTo(community))
                .body("level", equalTo("COMMUNITY"))
                .body("parentCode", equalTo(branch.street()))
                .body("kind", equalTo("URBAN"));

        Api.asAdmin().get("/api/v1/areas/" + community)
                .then().statusCode(200).body("name", equalTo("花园社区"));

        Api.asAdmin().queryParam("parent", branch.street()).get("/api/v1/areas")
                .then().statusCode(200)
                .body("items.code", contains(community))
                .body("total", equalTo(1));
    }

    @Test
    void listsFilterBySubtreeAndLevelAndPage() {
        TestAreas.Branch branch = TestAreas.create(3);

        Api.asAdmin().queryParam("under", branch.city()).queryParam("level", "COMMUNITY").get("/api/v1/areas")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.code", everyItem(startsWith(branch.city().substring(0, 4))));

        Api.asAdmin().queryParam("under", branch.county()).queryParam("size", 2).queryParam("page", 1)
                .get("/api/v1/areas")
                .then().statusCode(200)
                // the county itself, its street and three communities: five, the second page holds 2
                .body("total", equalTo(5))
                .body("page", equalTo(1))
                .body("size", equalTo(2))
                .body("items", hasSize(2));
    }

    @Test
    void renamingKeepsTheCodeAndChangingTheCodeIsRefused() {
        TestAreas.Branch branch = TestAreas.create(1);

        Api.asAdmin().body(Map.of("code", branch.community(), "name", "新名字", "kind", "RURAL"))
                .put("/api/v1/areas/" + branch.community())
                .then().statusCode(200).body("name", equalTo("新名字")).body("kind", equalTo("RURAL"));

        Api.asAdmin().body(Map.of("code", branch.street(), "name", "x", "kind", "RURAL"))
                .put("/api/v1/areas/" + branch.community())
                .then().statusCode(400).body("fields", contains("code"));
    }

    @Test
    void onlyAnAreaWithoutChildrenOrDevicesCanBeDeleted() {
        TestAreas.Branch branch = TestAreas.create(2);
        TestAreas.device("KIOSK", branch.communities().get(1));

        Api.asAdmin().delete("/api/v1/areas/" + branch.street()).then().statusCode(409)
                .body("detail", containsString("sub-areas"));
        Api.asAdmin().delete("/api/v1/areas/" + branch.communities().get(1)).then().statusCode(409)
                .body("detail", containsString("devices"));
        Api.asAdmin().delete("/api/v1/areas/" + branch.community()).then().statusCode(204);
        Api.asAdmin().get("/api/v1/areas/" + branch.community()).then().statusCode(404);
    }

    @Test
    void duplicatesConflictAndUnknownCodesAreNotFound() {
        TestAreas.Branch branch = TestAreas.create(1);

        Api.asAdmin().body(Map.of("code", branch.community(), "name", "again", "kind", "URBAN"))
                .post("/api/v1/areas")
                .then().statusCode(409).contentType("application/problem+json");
        Api.asAdmin().get("/api/v1/areas/680000000000").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void invalidAreasAreRefusedNamingTheField() {
        TestAreas.Branch branch = TestAreas.create(0);
        String street = branch.street();
        String orphan = street.substring(0, 6) + "998001";

        expectInvalid(Map.of("code", "12345", "name", "x", "kind", "URBAN"), "code");
        expectInvalid(Map.of("name", "x", "kind", "URBAN"), "code");
        expectInvalid(Map.of("code", street.substring(0, 9) + "002", "kind", "URBAN"), "name");
        expectInvalid(Map.of("code", street.substring(0, 9) + "002", "name", "x"), "kind");
        expectInvalid(Map.of("code", street.substring(0, 9) + "002", "name", "x", "kind", "SUBURBAN"), "kind");
        expectInvalid(Map.of("code", street.substring(0, 9) + "002", "name", "x", "kind", "URBAN",
                "level", "CITY"), "level");
        expectInvalid(Map.of("code", street.substring(0, 9) + "002", "name", "x", "kind", "URBAN",
                "parentCode", branch.county()), "parentCode");
        expectInvalid(Map.of("code", orphan, "name", "x", "kind", "URBAN"), "parentCode");

        Api.asAdmin().queryParam("level", "PLANET").get("/api/v1/areas")
                .then().statusCode(400).body("fields", contains("level"));
        Api.asAdmin().queryParam("size", 0).get("/api/v1/areas")
                .then().statusCode(400).body("fields", contains("size"));
    }

    @Test
    void malformedJsonIsRefusedWithAProblem() {
        Api.asAdmin().body("{\"code\": ").post("/api/v1/areas")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    private static void expectInvalid(Map<String, Object> body, String field) {
        Api.asAdmin().body(body).post("/api/v1/areas")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("fields", hasItem(field));
    }
}
