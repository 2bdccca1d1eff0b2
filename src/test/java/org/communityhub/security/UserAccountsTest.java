package org.communityhub.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Users managed through the API by an administrator, and each user's own account. */
@QuarkusTest
@WithTestResource(HubServices.class)
class UserAccountsTest {

    @Test
    void anAdministratorReadsChangesAndDeletesUsers() {
        TestAreas.Branch branch = TestAreas.create(2);
        String staff = Api.dutyStaff("managed", branch.community());
        Api.asAdmin().get("/api/v1/users/" + staff).then().statusCode(200).body("roles", equalTo(List.of("DUTY_STAFF")))
                .body("password", nullValue()).body("passwordHash", nullValue());
        Api.asAdmin().body(Map.of("roles", List.of("OPERATOR", "DUTY_STAFF"), "areaCodes", List.of(branch.street()),
                "password", "reset by the admin")).put("/api/v1/users/" + staff).then().statusCode(200)
                .body("areaCodes", equalTo(List.of(branch.street()))).body("password", nullValue());
        Api.asStaff(staff).get("/api/v1/users/me").then().statusCode(401);
        Api.as(staff, "reset by the admin").get("/api/v1/users/me").then().statusCode(200)
                .body("roles", hasItem("OPERATOR")).body("areaCodes", equalTo(List.of(branch.street())));

        Api.asAdmin().body(Map.of("roles", List.of("OFFICIAL"))).put("/api/v1/users/" + staff).then().statusCode(400)
                .body("fields", hasItem("areaCodes"));
        Api.asAdmin().body(Map.of("roles", List.of("CHIEF"), "areaCodes", List.of(branch.street())))
                .put("/api/v1/users/" + staff).then().statusCode(400);
        Api.asAdmin().body(Map.of("roles", List.of("OFFICIAL"), "areaCodes", List.of(branch.street()), "password", "short"))
                .put("/api/v1/users/" + staff).then().statusCode(400).body("fields", hasItem("password"));
        Api.asAdmin().body(Map.of("roles", List.of("OFFICIAL"), "areaCodes", List.of(branch.street())))
                .put("/api/v1/users/nobody-here").then().statusCode(404);

        Api.asAdmin().delete("/api/v1/users/" + staff).then().statusCode(204);
        Api.asAdmin().get("/api/v1/users/" + staff).then().statusCode(404);
        Api.asAdmin().delete("/api/v1/users/" + staff).then().statusCode(404);
    }

    @Test
    void theLastAdministratorStays() {
        Api.asAdmin().delete("/api/v1/users/admin").then().statusCode(409);
        String second = "second-admin-" + System.nanoTime();
        Api.asAdmin().body(Map.of("username", second, "password", "another admin pw", "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(201);
        // admin cannot delete themselves, but another admin can be demoted and deleted
        Api.asAdmin().body(Map.of("roles", List.of("OFFICIAL"), "areaCodes", List.of(TestAreas.create(1).community())))
                .put("/api/v1/users/" + second).then().statusCode(200);
        Api.asAdmin().delete("/api/v1/users/" + second).then().statusCode(204);
    }

    @Test
    void everyoneChangesTheirOwnPasswordKnowingTheCurrentOne() {
        String staff = Api.dutyStaff("own", TestAreas.create(1).community());
        Api.asStaff(staff).get("/api/v1/users/me").then().statusCode(200).body("username", equalTo(staff));
        Api.asStaff(staff).body(Map.of("currentPassword", "wrong current", "newPassword", "a brand new password"))
                .put("/api/v1/users/me/password").then().statusCode(400).body("fields", hasItem("currentPassword"));
        Api.asStaff(staff).body(Map.of("currentPassword", Api.STAFF_PASSWORD, "newPassword", "short"))
                .put("/api/v1/users/me/password").then().statusCode(400).body("fields", hasItem("newPassword"));
        Api.asStaff(staff).body(Map.of("currentPassword", Api.STAFF_PASSWORD, "newPassword", Api.STAFF_PASSWORD))
                .put("/api/v1/users/me/password").then().statusCode(400).body("fields", hasItem("newPassword"));
        Api.asStaff(staff).body(Map.of("newPassword", "a brand new password"))
                .put("/api/v1/users/me/password").then().statusCode(400);
        Api.asStaff(staff).body(Map.of("currentPassword", Api.STAFF_PASSWORD, "newPassword", "a brand new password"))
                .put("/api/v1/users/me/password").then().statusCode(204);
        Api.asStaff(staff).get("/api/v1/users/me").then().statusCode(401);
        Api.as(staff, "a brand new password").get("/api/v1/users/me").then().statusCode(200);
        // staff manage no one else
        Api.as(staff, "a brand new password").get("/api/v1/users/admin").then().statusCode(403);
    }
}
