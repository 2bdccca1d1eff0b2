package org.communityhub.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub ({@code target/quarkus-app/quarkus-run.jar}) in a child process, as operators run
 * it, with its output kept for assertions. For tests that restart it, kill it, or boot it with
 * nothing configured.
 */
public final class HubProcess {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String httpPort;
    private final String managementPort;
    private final Thread reader;

    private HubProcess(Process process, String httpPort, String managementPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the process ended and took its output with it
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the hub with exactly these {@code HUB_*} variables and waits until it serves HTTP and its MQTT session is up. */
    public static HubProcess start(Map<String, String> env) {
        String runner = System.getProperty("hub.runner", "target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(Path.of(runner)), runner + " is missing: run mvn verify, which packages the hub first");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", runner)
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HUB_"));
        builder.environment().putAll(env);
        builder.environment().putIfAbsent("HUB_MANAGEMENT_PORT", Integer.toString(freePort()));
        HubProcess hub;
        try {
            hub = new HubProcess(builder.start(), env.get("HUB_HTTP_PORT"), builder.environment().get("HUB_MANAGEMENT_PORT"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> !hub.process.isAlive()
                || hub.logContains("MQTT connected") && hub.logContains("Listening on"));
        assertTrue(hub.process.isAlive(), "the hub exited:\n" + hub.log());
        return hub;
    }

    public boolean logContains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    public String log() {
        return String.join("\n", lines);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** A URL on the management interface: {@code /q/health}, {@code /q/metrics}. */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** A clean shutdown (SIGTERM). */
    public void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        // SIGTERM through the handle: Process.destroy() also closes the pipe, and the shutdown's output with it
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(5_000); // its last lines, the shutdown's
    }

    /** A crash: SIGKILL, no shutdown hooks, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
