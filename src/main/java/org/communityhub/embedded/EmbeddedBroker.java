package org.communityhub.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * HiveMQ Community Edition started in-process for embedded mode, with file persistence under
 * {@code HUB_DATA_DIR/broker} so that persistent sessions and queued messages survive restarts, on
 * loopback unless {@code HUB_EMBEDDED_MQTT_HOST} says otherwise, and with {@link BrokerAuthentication}
 * admitting only the hub and devices with a live hub-issued credential.
 */
@ApplicationScoped
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    private final EmbeddedConfig config;
    private final BrokerAuthentication authentication;
    private EmbeddedHiveMQ hivemq;

    EmbeddedBroker(EmbeddedConfig config, BrokerAuthentication authentication) {
        this.config = config;
        this.authentication = authentication;
    }

    public synchronized void start() {
        Path home = config.dataDir().toAbsolutePath().resolve("broker");
        try {
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), configuration(config.mqttHost(), config.mqttPort()));
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .withEmbeddedExtension(authentication.extension())
                    // Quarkus provides SLF4J; HiveMQ's own bootstrap would cast it to logback's.
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded broker could not prepare " + home, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("embedded broker did not start on port " + config.mqttPort()
                    + " (set HUB_EMBEDDED_MQTT_PORT to another free port)", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        }
        LOG.infof("broker: EMBEDDED HiveMQ CE on %s:%d, devices sign in with their hub-issued credentials, data in %s",
                config.mqttHost(), config.mqttPort(), home);
    }

    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.stop().get();
            hivemq.close();
        } catch (ExecutionException e) {
            LOG.warn("embedded broker did not stop cleanly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hivemq = null;
    }

    public String url() {
        return "tcp://" + connectable(config.mqttHost()) + ":" + config.mqttPort();
    }

    /** An address the hub's own clients can reach the broker at, given the one it listens on. */
    static String connectable(String listenHost) {
        return listenHost == null || listenHost.isBlank() || "0.0.0.0".equals(listenHost) || "::".equals(listenHost)
                ? "127.0.0.1" : listenHost;
    }

    static String configuration(String host, int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                  </listeners>
                  <persistence>
                    <mode>file</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host);
    }
}
