package org.communityhub.telemetry;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the database schema up to date with the Flyway migrations and says how telemetry is stored:
 * in TimescaleDB hypertables, or in plain tables where the extension is not available.
 */
@ApplicationScoped
public class Schema {

    private static final Logger LOG = Logger.getLogger(Schema.class);

    private final Flyway flyway;
    private final AgroalDataSource dataSource;

    Schema(Flyway flyway, AgroalDataSource dataSource) {
        this.flyway = flyway;
        this.dataSource = dataSource;
    }

    public void migrate() {
        var result = flyway.migrate();
        LOG.infof("schema: %d migration(s) applied, now at version %s", result.migrationsExecuted,
                flyway.info().current() == null ? "none" : flyway.info().current().getVersion());
        Optional<String> timescale = timescaleVersion();
        if (timescale.isPresent()) {
            LOG.infof("telemetry storage: TimescaleDB %s hypertables", timescale.get());
        } else {
            LOG.info("telemetry storage: plain PostgreSQL tables (no timescaledb extension)");
        }
    }

    /** The version of the timescaledb extension in this database, if it is installed. */
    public Optional<String> timescaleVersion() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database's extensions", e);
        }
    }
}
