package org.communityhub.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.Management;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(HubServices.class)
class AuthenticationTest {

    @Inject
    Users users;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/devices", "/api/v1/areas", "/api/v1/users", "/api/v1/devices/x/telemetry"})
    void everyApiCallNeedsCredentials(String path) {
        given().get(path).then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic realm"))
                .contentType("application/problem+json").body("status", equalTo(401))
                .body("detail", containsString("POST /api/v1/sessions"));
    }

    @Test
    void refusalsAreProblemDocumentsWithTheBasicChallenge() {
        Api.as("admin", "not-the-password").get("/api/v1/areas").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsStringIgnoringCase("basic realm")).body("status", equalTo(401));
        String username = "official-" + UUID.randomUUID().toString().substring(0, 8);
        users.save(username, "an official password", Set.of(Role.OFFICIAL), List.of());
        Api.as(username, "an official password").get("/api/v1/users").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
    }

    @Test
    void aWrongPasswordOrUnknownUserIsRefused() {
        Api.as("admin", "not-the-password").get("/api/v1/devices").then().statusCode(401);
        Api.as("nobody", HubServices.ADMIN_PASSWORD).get("/api/v1/devices").then().statusCode(401);
        Api.as("admin", HubServices.ADMIN_PASSWORD).get("/api/v1/devices").then().statusCode(200);
    }

    @Test
    void aRememberedPasswordStopsWorkingTheMomentItIsChangedAndRolesAreReadFresh() {
        String community = TestAreas.create(1).community();
        String username = "cached-" + UUID.randomUUID().toString().substring(0, 8);
        users.save(username, "the first password", Set.of(Role.OPERATOR), List.of(community));
        for (int i = 0; i < 3; i++) {
            Api.as(username, "the first password").get("/api/v1/users").then().statusCode(403);
            Api.as(username, "the first passworD").get("/api/v1/devices").then().statusCode(401);
        }

        users.save(username, "the second password", Set.of(Role.ADMIN), List.of());
        Api.as(username, "the first password").get("/api/v1/devices").then().statusCode(401);
        Api.as(username, "the second password").get("/api/v1/users").then().statusCode(200);
        Api.as(username, "the second password").get("/api/v1/users").then().statusCode(200);
    }

    @Test
    void fiveWrongPasswordsLockTheUserOutEvenWithTheRightOneUntilTheWindowEnds() {
        String username = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        users.save(username, "the right password", Set.of(Role.OFFICIAL), List.of());
        String signedIn = "signed-in-" + UUID.randomUUID().toString().substring(0, 8);
        users.save(signedIn, "the right password", Set.of(Role.OFFICIAL), List.of());
        Api.as(signedIn, "the right password").get("/api/v1/devices").then().statusCode(200);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            Api.as(username, "a wrong password " + i).get("/api/v1/devices").then().statusCode(401);
            Api.as(signedIn, "a wrong password " + i).get("/api/v1/devices").then().statusCode(401);
        }
        Api.as(username, "the right password").get("/api/v1/devices").then().statusCode(401);
        Api.as(signedIn, "the right password").get("/api/v1/devices").then().statusCode(200);
        Api.as("admin", HubServices.ADMIN_PASSWORD).get("/api/v1/devices").then().statusCode(200);
        assertTrue(System.nanoTime() - start < 2_500_000_000L,
                "the lock-out was checked within the 3 s window; whoever signed in before it still gets in");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Api.as(username, "the right password").get("/api/v1/devices").then().statusCode(200));
    }

    @Test
    void aCreatedUserSignsInButCannotDoWhatItsRoleDoesNotAllow() {
        String community = TestAreas.create(1).community();
        String username = "duty-" + UUID.randomUUID().toString().substring(0, 8);

        Api.asAdmin().body(Map.of("username", username, "password", "a long enough secret",
                        "roles", List.of("DUTY_STAFF"), "areaCodes", List.of(community)))
                .post("/api/v1/users")
                .then().statusCode(201)
                .body("username", equalTo(username))
                .body("password", nullValue());

        Api.as(username, "a long enough secret").get("/api/v1/devices").then().statusCode(200);
        Api.as(username, "a long enough secret")
                .body(Map.of("id", "x-" + username, "deviceClass", "KIOSK", "areaCode", community, "name", "x"))
                .post("/api/v1/devices").then().statusCode(403);
        Api.as(username, "a long enough secret").get("/api/v1/users").then().statusCode(403);
    }

    @Test
    void passwordsAreStoredOnlyAsSaltedHashes() {
        Api.asAdmin().get("/api/v1/users")
                .then().statusCode(200)
                .body("items.username", hasItem("admin"))
                .body("items.password", everyItem(nullValue()))
                .body("items.passwordHash", everyItem(nullValue()));
    }

    @Test
    void invalidUsersAreRefusedNamingTheField() {
        Api.asAdmin().body(Map.of("username", "Bad Name", "password", "a long enough secret", "roles", List.of("OFFICIAL")))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("username"));
        Api.asAdmin().body(Map.of("username", "short-pw", "password", "short", "roles", List.of("OFFICIAL")))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("password"));
        Api.asAdmin().body(Map.of("username", "no-roles", "password", "a long enough secret", "roles", List.of()))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("roles"));
        Api.asAdmin().body(Map.of("username", "bad-area", "password", "a long enough secret",
                        "roles", List.of("OFFICIAL"), "areaCodes", List.of("12")))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("areaCodes"));
        Api.asAdmin().body(Map.of("username", "no-areas", "password", "a long enough secret", "roles", List.of("OFFICIAL")))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("areaCodes"));
        Api.asAdmin().body(Map.of("username", "unknown-area", "password", "a long enough secret",
                        "roles", List.of("DUTY_STAFF"), "areaCodes", List.of("239999999999")))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("areaCodes"));
        Api.asAdmin().body(Map.of("username", "me", "password", "a long enough secret", "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(400).body("fields", hasItem("username"));
        Api.asAdmin().body(Map.of("username", "admin", "password", "a long enough secret", "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(409);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        Management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("mqtt-ingest"))
                .body("checks.name", hasItem("Database connections health check"));
        Management.request().get("/q/health/live").then().statusCode(200);
        assertTrue(Management.metrics().contains("http_server_requests"));
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/devices"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/api/v1/devices").then().statusCode(not(equalTo(200)));
    }
}
