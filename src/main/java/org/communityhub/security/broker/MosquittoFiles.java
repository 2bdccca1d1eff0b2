package org.communityhub.security.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.ingest.MqttConfig;
import org.communityhub.security.SecurityConfig;
import org.jboss.logging.Logger;

/**
 * Writes Mosquitto's password file and ACL file from the registry, when configured, at start and after
 * every change of a device credential, and runs the reload command: devices connect with their own
 * credential and may only publish on {@code hub/v1/<own id>/…} and read their own {@code command}
 * topic; the hub's account reads and writes {@code hub/#}. Each file is written whole to a temporary
 * file and moved into place, so that Mosquitto never reads half a file.
 */
@ApplicationScoped
public class MosquittoFiles {

    private static final Logger LOG = Logger.getLogger(MosquittoFiles.class);

    /** What a device may do ({@link DeviceTopics}): patterns apply to every user, {@code %u} being the MQTT username. */
    static final String DEVICE_PATTERNS = patterns();

    private final SecurityConfig config;
    private final MqttConfig mqtt;
    private final DeviceCredentials credentials;

    MosquittoFiles(SecurityConfig config, MqttConfig mqtt, DeviceCredentials credentials) {
        this.config = config;
        this.mqtt = mqtt;
        this.credentials = credentials;
    }

    /** Whether the hub writes files for Mosquitto at all. */
    public boolean configured() {
        return config.mosquittoPasswordFile().isPresent() || config.mosquittoAclFile().isPresent();
    }

    /** Writes both files (as configured) and asks Mosquitto to reload; called at start and on each change. */
    public synchronized void write() throws SQLException, IOException {
        if (!configured()) {
            return;
        }
        String hub = mqtt.username().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                "HUB_MQTT_USERNAME and HUB_MQTT_PASSWORD are required when the hub writes Mosquitto's files: "
                        + "they are the hub's own account in them"));
        if (config.mosquittoPasswordFile().isPresent()) {
            String password = mqtt.password().orElseThrow(() -> new IllegalStateException(
                    "HUB_MQTT_PASSWORD is required when the hub writes Mosquitto's password file"));
            replace(config.mosquittoPasswordFile().get(), passwordFile(hub,
                    DevicePasswords.hash(password, config.devicePasswordIterations()), credentials.liveHashes()));
        }
        if (config.mosquittoAclFile().isPresent()) {
            replace(config.mosquittoAclFile().get(), aclFile(hub));
        }
        config.mosquittoReloadCommand().ifPresent(MosquittoFiles::reload);
    }

    void onChange(@ObservesAsync DeviceCredentials.Changed change) {
        try {
            write();
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.errorf(e, "security: Mosquitto's files were not rewritten after device %s's credential changed",
                    change.deviceId());
        }
    }

    static String passwordFile(String hubUser, String hubHash, Map<String, String> devices) {
        StringBuilder file = new StringBuilder(64 + devices.size() * 140);
        file.append(hubUser).append(':').append(hubHash).append('\n');
        devices.forEach((id, hash) -> file.append(id).append(':').append(hash).append('\n'));
        return file.toString();
    }

    static String aclFile(String hubUser) {
        return "# written by the community IoT hub at every credential change: edits here are lost\n"
                + "user " + hubUser + "\n"
                + "topic readwrite " + DeviceTopics.HUB_FILTER + "\n\n"
                + DEVICE_PATTERNS;
    }

    private static String patterns() {
        StringBuilder patterns = new StringBuilder();
        DeviceTopics.PUBLISH.forEach(channel -> patterns.append("pattern write ")
                .append(DeviceTopics.of("%u", channel)).append('\n'));
        DeviceTopics.SUBSCRIBE.forEach(channel -> patterns.append("pattern read ")
                .append(DeviceTopics.of("%u", channel)).append('\n'));
        return patterns.toString();
    }

    private static void replace(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path next = Files.createTempFile(directory, file.getFileName().toString(), ".next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void reload(String command) {
        try {
            Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.errorf("security: the Mosquitto reload command did not finish within 30 s: %s", command);
            } else if (process.exitValue() != 0) {
                LOG.errorf("security: the Mosquitto reload command failed (exit %d): %s: %s", process.exitValue(),
                        command, new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            LOG.errorf(e, "security: the Mosquitto reload command could not run: %s", command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
