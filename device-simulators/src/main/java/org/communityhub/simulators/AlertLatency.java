package org.communityhub.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times an elderly resident's SOS from its publish to its alert on the hub's live stream (the
 * console's view), one SOS per device, while whatever else runs beside it (such as {@code load}).
 */
@Command(name = "alert-latency", mixinStandardHelpOptions = true,
        description = "Publish SOS events and time each until its alert arrives on the hub's live stream (SSE).")
final class AlertLatency implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "broker URL (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--hub", defaultValue = "http://127.0.0.1:8080", description = "hub base URL (default ${DEFAULT-VALUE})")
    String hub;

    @Option(names = "--user", defaultValue = "admin", description = "API user (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", required = true, description = "API password")
    String password;

    @Option(names = "--device-prefix", defaultValue = "bench-e-", description = "elder-alert device ids are PREFIX + index")
    String prefix;

    @Option(names = "--count", defaultValue = "300", description = "SOS events, one per device (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--interval-ms", defaultValue = "200", description = "between two SOS (default ${DEFAULT-VALUE})")
    long intervalMs;

    @Option(names = "--result", description = "write the latencies (ms) and percentiles as JSON to this file")
    Path result;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> published = new ConcurrentHashMap<>();
        Map<String, Long> latencyNanos = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(count);
        CountDownLatch connected = new CountDownLatch(1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub + "/api/v1/alerts/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).build();
        Thread reader = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    System.err.println("the live stream answered " + response.statusCode());
                    return;
                }
                connected.countDown();
                response.body().forEach(line -> {
                    if (!line.startsWith("data:")) {
                        return;
                    }
                    long now = System.nanoTime();
                    try {
                        JsonNode alert = json.readTree(line.substring(5));
                        String device = alert.path("deviceId").asText();
                        Long sent = published.get(device);
                        if (sent != null && "SOS".equals(alert.path("type").asText())
                                && latencyNanos.putIfAbsent(device, now - sent) == null) {
                            all.countDown();
                        }
                    } catch (java.io.IOException e) {
                        System.err.println("unreadable event: " + line);
                    }
                });
            } catch (java.io.IOException | InterruptedException e) {
                System.err.println("the live stream ended: " + e);
            }
        }, "sse");
        reader.setDaemon(true);
        reader.start();
        if (!connected.await(10, TimeUnit.SECONDS)) {
            System.err.println("could not open the live stream at " + hub);
            return 1;
        }
        Thread.sleep(500); // the stream's subscriber is in place once its first read of the trail is done
        MqttClient client = new MqttClient(broker, "alert-latency-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        for (int i = 0; i < count; i++) {
            String device = prefix + i;
            String payload = "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + System.currentTimeMillis()
                    + ",\"type\":\"SOS\"}";
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            published.put(device, System.nanoTime());
            client.publish("hub/v1/" + device + "/event", message);
            Thread.sleep(intervalMs);
        }
        boolean complete = all.await(30, TimeUnit.SECONDS);
        client.disconnect();
        client.close();
        List<Double> ms = new ArrayList<>();
        latencyNanos.values().forEach(nanos -> ms.add(nanos / 1e6));
        ms.sort(Double::compare);
        if (ms.isEmpty()) {
            System.err.println("no alert arrived on the live stream");
            return 1;
        }
        double p50 = percentile(ms, 50);
        double p99 = percentile(ms, 99);
        System.out.printf("SOS -> live stream: %d of %d arrived; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms.size(), count, p50, p99, ms.get(ms.size() - 1));
        if (result != null) {
            Files.writeString(result, json.writeValueAsString(Map.of("count", count, "arrived", ms.size(),
                    "p50Ms", p50, "p99Ms", p99, "maxMs", ms.get(ms.size() - 1))));
        }
        return complete ? 0 : 1;
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
