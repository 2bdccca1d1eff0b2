package org.communityhub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver on loopback standing in for a staff system or a WeCom/DingTalk robot: it
 * records every request and answers as told (status, body, delay).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
    private volatile long delayMs;

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(0);
    }

    /** Starts on a given port, such as one a webhook was created with while nothing listened there. */
    public static WebhookReceiver startOn(int port) throws IOException {
        return new WebhookReceiver(port);
    }

    public WebhookReceiver answering(int status, String body) {
        this.status = status;
        this.answer = body;
        return this;
    }

    public WebhookReceiver slow(long delayMs) {
        this.delayMs = delayMs;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose body mentions {@code text}. */
    public List<Request> containing(String text) {
        return requests.stream().filter(r -> r.body().contains(text)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
