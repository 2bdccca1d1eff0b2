package org.communityhub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests to the hub's management interface (health and metrics), which has its own port. */
public final class Management {

    private Management() {
    }

    public static RequestSpecification request() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return given().baseUri("http://127.0.0.1").port(port);
    }

    /** The Prometheus scrape, as text. */
    public static String metrics() {
        return request().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
