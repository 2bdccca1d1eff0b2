package org.communityhub.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which services the hub starts in-process. A part runs embedded exactly when its URL is unset:
 * {@code HUB_DB_URL} for the database, {@code HUB_MQTT_URL} for the broker.
 */
@ConfigMapping(prefix = "hub")
public interface EmbeddedConfig {

    /** JDBC URL of TimescaleDB/PostgreSQL ({@code HUB_DB_URL}); unset means embedded PostgreSQL. */
    @WithName("db.url")
    Optional<String> dbUrl();

    /** Database user ({@code HUB_DB_USER}). */
    @WithName("db.user")
    @WithDefault("postgres")
    String dbUser();

    /** Database password ({@code HUB_DB_PASSWORD}); unset means none. */
    @WithName("db.password")
    Optional<String> dbPassword();

    /** Broker URL such as {@code tcp://127.0.0.1:1883} ({@code HUB_MQTT_URL}); unset means embedded broker. */
    @WithName("mqtt.url")
    Optional<String> mqttUrl();

    /** Where embedded mode keeps its database and broker state ({@code HUB_DATA_DIR}). */
    @WithName("data-dir")
    @WithDefault("./data")
    Path dataDir();

    /** Loopback port of the embedded PostgreSQL ({@code HUB_EMBEDDED_DB_PORT}). */
    @WithName("embedded.db-port")
    @WithDefault("5532")
    int dbPort();

    /**
     * Address the embedded broker listens on ({@code HUB_EMBEDDED_MQTT_HOST}): loopback, unless devices
     * on the network are to reach it ({@code 0.0.0.0}).
     */
    @WithName("embedded.mqtt-host")
    @WithDefault("127.0.0.1")
    String mqttHost();

    /** Port of the embedded broker ({@code HUB_EMBEDDED_MQTT_PORT}). */
    @WithName("embedded.mqtt-port")
    @WithDefault("1883")
    int mqttPort();

    /** Load the demo area tree and devices into an empty embedded database ({@code HUB_DEMO_DATA}). */
    @WithName("embedded.demo-data")
    @WithDefault("true")
    boolean demoData();

    default boolean embeddedDatabase() {
        return dbUrl().filter(url -> !url.isBlank()).isEmpty();
    }

    default boolean embeddedBroker() {
        return mqttUrl().filter(url -> !url.isBlank()).isEmpty();
    }
}
