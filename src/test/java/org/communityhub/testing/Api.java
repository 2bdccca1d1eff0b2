package org.communityhub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** Requests to the hub's API as the tests' admin, or as any user. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification asAdmin() {
        return as("admin", HubServices.ADMIN_PASSWORD);
    }

    /** The password of every user {@link #dutyStaff} creates. */
    public static final String STAFF_PASSWORD = "duty-password-1";

    /** Creates a DUTY_STAFF user of these areas through the API; returns the username (prefix + a number). */
    public static String dutyStaff(String prefix, String... areaCodes) {
        String username = prefix + "-" + System.nanoTime();
        asAdmin().body(Map.of("username", username, "password", STAFF_PASSWORD, "roles", List.of("DUTY_STAFF"),
                "areaCodes", List.of(areaCodes))).post("/api/v1/users").then().statusCode(201);
        return username;
    }

    /** Requests as a user {@link #dutyStaff} created. */
    public static RequestSpecification asStaff(String username) {
        return as(username, STAFF_PASSWORD);
    }

    public static RequestSpecification as(String username, String password) {
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON);
    }
}
