package org.communityhub.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Derives the datasource URLs from the one contract variable {@code HUB_DB_URL}: the JDBC URL for
 * Flyway and bulk writes, and the same address without {@code jdbc:} for Hibernate Reactive. With it
 * unset, both point at the embedded PostgreSQL on {@code HUB_EMBEDDED_DB_PORT}.
 */
public class DatabaseUrls implements ConfigSourceFactory {

    static final String EMBEDDED_DATABASE = "postgres";

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        String jdbcUrl = jdbcUrl(value(context, "hub.db.url"), value(context, "hub.embedded.db-port"));
        return List.of(new MapBackedConfigSource("hub-database-urls", Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", reactiveUrl(jdbcUrl)), 275) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    static String jdbcUrl(String configured, String embeddedPort) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String port = embeddedPort == null || embeddedPort.isBlank() ? "5532" : embeddedPort;
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + EMBEDDED_DATABASE;
    }

    static String reactiveUrl(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(
                    "HUB_DB_URL must look like jdbc:postgresql://host:port/database, not " + jdbcUrl);
        }
        return jdbcUrl.substring("jdbc:".length());
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
