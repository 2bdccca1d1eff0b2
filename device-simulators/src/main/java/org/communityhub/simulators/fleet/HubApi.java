package org.communityhub.simulators.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The hub's HTTP API (docs/api.md) as far as the simulators use it, with HTTP Basic credentials. */
public final class HubApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public HubApi(String base, String user, String password) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs {@code body}; returns the status, and fails on anything but 2xx and 409 (already there). */
    public int create(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode();
    }

    /** POSTs an empty body and returns the JSON answer; fails on anything but 201. */
    public JsonNode post(String path) throws IOException, InterruptedException {
        return post(path, null);
    }

    /** POSTs {@code body} (none when null) and returns the JSON answer; fails on anything but 201. */
    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (response.statusCode() != 201) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Has the hub issue the device a new MQTT password (the old one stops working) and returns it. */
    public String issuePassword(String deviceId) throws IOException, InterruptedException {
        return post("devices/" + deviceId + "/credentials").get("password").asText();
    }

    /** GETs a JSON document; fails on anything but 200. */
    public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Every item of a list endpoint, page by page. */
    public List<JsonNode> all(String path) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode listing = get(path + (path.contains("?") ? "&" : "?") + "page=" + page + "&size=500");
            listing.get("items").forEach(items::add);
            if (listing.get("items").isEmpty() || items.size() >= listing.get("total").asLong()) {
                return items;
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", authorization).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
