package org.communityhub.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.communityhub.simulators.scenario.Moment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HTTP requests against the hub's API with HTTP Basic, from a few clients each sending its next
 * request when the last is answered: requests per second and latencies, by status. For the cost of
 * authentication (docs/benchmarks.md), and for a stream of wrong passwords beside an ingest run.
 */
@Command(name = "http-load", mixinStandardHelpOptions = true,
        description = "Send authenticated HTTP requests for a while (or a number of them) and report requests/s and latency.")
final class HttpLoad implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "the URL to GET, e.g. http://127.0.0.1:8080/api/v1/users/me")
    String url;

    @Option(names = "--user", defaultValue = "admin", description = "username (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", required = true, description = "password (a wrong one measures refusals)")
    String password;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--duration", defaultValue = "20s", description = "how long, e.g. 20s (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--count", description = "stop after this many requests instead")
    Long count;

    @Option(names = "--result", description = "write the figures as JSON to this file")
    Path result;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET().build();
        long deadline = System.nanoTime() + Moment.duration(duration).toNanos();
        AtomicLong started = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> latencies = new ArrayList<>();
        long begin = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            latencies.add(pool.submit(() -> {
                long[] own = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline && (count == null || started.incrementAndGet() <= count)) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    } catch (java.io.IOException e) {
                        errors.incrementAndGet();
                    }
                    if (n == own.length) {
                        own = Arrays.copyOf(own, n * 2);
                    }
                    own[n++] = System.nanoTime() - sent;
                }
                return Arrays.copyOf(own, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> future : latencies) {
            for (long latency : future.get()) {
                all.add(latency);
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();
        all.sort(null);
        ObjectNode figures = new ObjectMapper().createObjectNode();
        figures.put("requests", all.size());
        figures.put("seconds", Math.round(seconds * 10) / 10.0);
        figures.put("requestsPerSecond", Math.round(all.size() / seconds));
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, n) -> byStatus.put(status.toString(), n.get()));
        figures.set("statuses", new ObjectMapper().valueToTree(byStatus));
        figures.put("errors", errors.get());
        for (double p : new double[] {0.5, 0.99}) {
            figures.put("p" + Math.round(p * 100) + "Ms", all.isEmpty() ? 0
                    : Math.round(all.get((int) Math.min(all.size() - 1, Math.floor(p * all.size()))) / 1e5) / 10.0);
        }
        System.out.println(figures.toPrettyString());
        if (result != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(result.toFile(), figures);
        }
        return errors.get() == 0 ? 0 : 1;
    }
}
