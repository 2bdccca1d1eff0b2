package org.communityhub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests to the hub's API as the tests' admin, or as any user. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification asAdmin() {
        return as("admin", HubServices.ADMIN_PASSWORD);
    }

    public static RequestSpecification as(String username, String password) {
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON);
    }
}
