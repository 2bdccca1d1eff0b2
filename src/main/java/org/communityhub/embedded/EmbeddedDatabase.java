package org.communityhub.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * PostgreSQL started in-process for embedded mode, its data kept in {@code HUB_DATA_DIR/postgres} so
 * that it survives restarts. It has no TimescaleDB; the migrations fall back to plain tables.
 */
@ApplicationScoped
public class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private final EmbeddedConfig config;
    private EmbeddedPostgres postgres;

    EmbeddedDatabase(EmbeddedConfig config) {
        this.config = config;
    }

    public synchronized void start() {
        Path dataDirectory = config.dataDir().toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(dataDirectory);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(config.dbPort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's defaults are for throwaway test databases (-F, synchronous_commit=off);
                    // here the data is the township's record: a commit must survive a power cut.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory
                    + " on port " + config.dbPort() + " (set HUB_EMBEDDED_DB_PORT to another free port)", e);
        }
        LOG.infof("database: EMBEDDED PostgreSQL on 127.0.0.1:%d, data in %s", config.dbPort(), dataDirectory);
    }

    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
        postgres = null;
    }
}
