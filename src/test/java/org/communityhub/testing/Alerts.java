package org.communityhub.testing;

import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads a device's alerts through the API, as the tests' admin. */
public final class Alerts {

    private Alerts() {
    }

    /** The device's alerts, newest first. */
    public static List<Map<String, Object>> of(String deviceId) {
        return Api.asAdmin().queryParam("deviceId", deviceId).queryParam("size", 1000).get("/api/v1/alerts")
                .then().statusCode(200).extract().path("items");
    }

    /** The device's alerts of {@code type}, newest first. */
    public static List<Map<String, Object>> of(String deviceId, String type) {
        return of(deviceId).stream().filter(a -> type.equals(a.get("type"))).toList();
    }

    /** Waits up to ten seconds for the device's one alert of {@code type} to be in {@code state}; returns it. */
    public static Map<String, Object> awaitState(String deviceId, String type, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Map<String, Object>> alerts = of(deviceId, type);
            return !alerts.isEmpty() && state.equals(alerts.get(0).get("state"));
        });
        return of(deviceId, type).get(0);
    }

    /** One alert with its trail. */
    public static JsonPath get(Object id) {
        return Api.asAdmin().get("/api/v1/alerts/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Sets a device's rule settings (such as all-day hours, so a test does not depend on the time of day). */
    public static void setForDevice(String deviceId, String rule, Map<String, Object> settings) {
        Api.asAdmin().body(Map.of("rule", rule, "deviceId", deviceId, "settings", settings))
                .post("/api/v1/alert-rule-settings").then().statusCode(201);
    }

    public static final Map<String, Object> ALL_DAY = Map.of("from", "00:00", "to", "00:00");

    /** A short wait for something that must not happen, such as an alert that must not be raised. */
    public static void settle() throws InterruptedException {
        Thread.sleep(Duration.ofMillis(1500).toMillis());
    }
}
