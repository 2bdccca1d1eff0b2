package org.communityhub.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** A console on the live alert stream (Server-Sent Events), collecting the alert events and the broadcast progress it receives. */
public final class AlertStreamClient implements AutoCloseable {

    /** One event: its id and its data line. */
    public record Event(long id, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> broadcasts = new CopyOnWriteArrayList<>();
    private final Future<?> reading;
    private volatile int status;

    private AlertStreamClient(String baseUrl, String user, String password, Long lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/alerts/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId.toString());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.reading = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "sse-test-client");
            thread.setDaemon(true);
            return thread;
        }).submit(() -> {
            try {
                HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                status = response.statusCode();
                long[] id = {-1};
                String[] name = {null};
                response.body().forEach(line -> {
                    if (line.isEmpty()) {
                        name[0] = null;
                    } else if (line.startsWith("id:")) {
                        id[0] = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("event:")) {
                        name[0] = line.substring(6).trim();
                    } else if (line.startsWith("data:") && "broadcast".equals(name[0])) {
                        broadcasts.add(line.substring(5).trim());
                    } else if (line.startsWith("data:")) {
                        events.add(new Event(id[0], line.substring(5).trim()));
                    }
                });
            } catch (IOException | InterruptedException e) {
                // closed
            }
            return null;
        });
    }

    /** The stream of the hub under test ({@code quarkus.http.port}). */
    public static AlertStreamClient open(String user, String password, Long lastEventId) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
        return open("http://127.0.0.1:" + port, user, password, lastEventId);
    }

    /** The stream of the hub at {@code baseUrl}, such as a {@link HubProcess}'s. */
    public static AlertStreamClient open(String baseUrl, String user, String password, Long lastEventId) {
        return new AlertStreamClient(baseUrl, user, password, lastEventId);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The data of the broadcast progress events received (named {@code broadcast}, without an id). */
    public List<String> broadcasts() {
        return List.copyOf(broadcasts);
    }

    public int status() {
        return status;
    }

    /** The events whose data mentions {@code text}. */
    public List<Event> containing(String text) {
        return events.stream().filter(event -> event.data().contains(text)).toList();
    }

    @Override
    public void close() {
        reading.cancel(true);
    }
}
