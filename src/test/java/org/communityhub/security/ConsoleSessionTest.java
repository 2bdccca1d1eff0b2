package org.communityhub.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/** Signing in to the console: a session token as a bearer token or a cookie, signing out, and what ends a session. */
@QuarkusTest
@WithTestResource(HubServices.class)
class ConsoleSessionTest {

    @Test
    void aSessionSignsInByBearerTokenOrCookieUntilSignOut() {
        String community = TestAreas.create(1).community();
        String staff = Api.dutyStaff("session", community);
        Response signIn = signIn(staff, Api.STAFF_PASSWORD);
        signIn.then().statusCode(201).body("username", equalTo(staff)).body("roles", hasItem("DUTY_STAFF"))
                .body("areaCodes", equalTo(List.of(community)));
        String token = signIn.path("token");
        String cookie = signIn.header("Set-Cookie");
        assertTrue(cookie.startsWith(SignInMechanism.COOKIE + "=" + token), cookie);
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);

        bearer(token).get("/api/v1/users/me").then().statusCode(200).body("username", equalTo(staff));
        given().cookie(SignInMechanism.COOKIE, token).get("/api/v1/alerts").then().statusCode(200);
        // confined like Basic: the session's user sees their own area only
        bearer(token).get("/api/v1/areas/" + community).then().statusCode(200);

        bearer(token).delete("/api/v1/sessions/current").then().statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        bearer(token).get("/api/v1/users/me").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("session has ended"));
        given().cookie(SignInMechanism.COOKIE, token).get("/api/v1/alerts").then().statusCode(401);
    }

    @Test
    void wrongPasswordsGetNoSessionAndCountTowardsTheLockOut() {
        String community = TestAreas.create(1).community();
        String staff = Api.dutyStaff("no-session", community);
        Response refused = signIn(staff, "not the password");
        refused.then().statusCode(401).contentType("application/problem+json");
        assertFalse(refused.headers().hasHeaderWithName("Set-Cookie"));
        signIn("nobody-at-all", "whatever it is").then().statusCode(401);
        // five failures lock the user out (for 3 s in the tests)
        for (int i = 0; i < 4; i++) {
            signIn(staff, "not the password").then().statusCode(401);
        }
        signIn(staff, Api.STAFF_PASSWORD).then().statusCode(401).body("detail", containsString("locked out"));
    }

    @Test
    void badSignInRequestsNameTheField() {
        given().contentType(ContentType.JSON).body(Map.of("password", "x")).post("/api/v1/sessions").then()
                .statusCode(400).body("fields", hasItem("username"));
        given().contentType(ContentType.JSON).body("{\"username\": 5, \"password\": [1]}").post("/api/v1/sessions").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{").post("/api/v1/sessions").then().statusCode(400);
        given().get("/api/v1/sessions").then().statusCode(401);
        Api.asAdmin().delete("/api/v1/sessions/current").then().statusCode(400).body("fields", hasItem("session"));
        given().header("Authorization", "Bearer not-a-token").get("/api/v1/devices").then().statusCode(401);
    }

    @Test
    void aPasswordChangeEndsEverySessionAndAnAdminsChangeOfAreasAppliesAtOnce() {
        TestAreas.Branch branch = TestAreas.create(2);
        String staff = Api.dutyStaff("change", branch.communities().get(0));
        String first = signIn(staff, Api.STAFF_PASSWORD).path("token");
        String second = signIn(staff, Api.STAFF_PASSWORD).path("token");

        bearer(first).get("/api/v1/areas/" + branch.communities().get(1)).then().statusCode(404);
        Api.asAdmin().body(Map.of("roles", List.of("DUTY_STAFF"), "areaCodes", List.of(branch.street())))
                .put("/api/v1/users/" + staff).then().statusCode(200);
        bearer(first).get("/api/v1/areas/" + branch.communities().get(1)).then().statusCode(200);

        bearer(first).body(Map.of("currentPassword", Api.STAFF_PASSWORD, "newPassword", "a new password 2"))
                .put("/api/v1/users/me/password").then().statusCode(204);
        bearer(first).get("/api/v1/users/me").then().statusCode(401);
        bearer(second).get("/api/v1/users/me").then().statusCode(401);
        Api.asStaff(staff).get("/api/v1/users/me").then().statusCode(401);
        Api.as(staff, "a new password 2").get("/api/v1/users/me").then().statusCode(200);
        assertEquals(201, signIn(staff, "a new password 2").statusCode());
    }

    @Test
    void deletingAUserEndsTheirSessions() {
        String staff = Api.dutyStaff("deleted", TestAreas.create(1).community());
        String token = signIn(staff, Api.STAFF_PASSWORD).path("token");
        Api.asAdmin().delete("/api/v1/users/" + staff).then().statusCode(204);
        bearer(token).get("/api/v1/users/me").then().statusCode(401);
    }

    private static Response signIn(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/sessions");
    }

    private static io.restassured.specification.RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
