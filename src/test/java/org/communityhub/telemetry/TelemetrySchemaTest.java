package org.communityhub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.communityhub.testing.HubServices;
import org.junit.jupiter.api.Test;

/** On TimescaleDB, the per-class telemetry tables are hypertables on ts with the (device, ts desc) index. */
@QuarkusTest
@WithTestResource(HubServices.class)
class TelemetrySchemaTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Schema schema;

    @Test
    void theTestDatabaseIsTimescaleDb() {
        String version = schema.timescaleVersion().orElseThrow(() -> new AssertionError(
                "the tests must run against TimescaleDB; the timescaledb extension is missing"));
        System.out.println("[hub tests] TimescaleDB extension version " + version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }

    @Test
    void everyTelemetryTableIsAHypertableOnTs() throws Exception {
        Set<String> hypertables = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT h.hypertable_name, d.column_name
                          FROM timescaledb_information.hypertables h
                          JOIN timescaledb_information.dimensions d USING (hypertable_schema, hypertable_name)
                        """)) {
            while (row.next()) {
                assertEquals("ts", row.getString("column_name"), row.getString("hypertable_name"));
                hypertables.add(row.getString("hypertable_name"));
            }
        }
        for (TelemetryTable table : TelemetryTable.values()) {
            assertTrue(hypertables.contains(table.table()), table.table() + " is not a hypertable: " + hypertables);
        }
    }

    @Test
    void everyTelemetryTableIsIndexedByDeviceAndNewestFirst() throws Exception {
        for (TelemetryTable table : TelemetryTable.values()) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = '"
                            + table.table() + "' AND indexdef LIKE 'CREATE UNIQUE INDEX%'")) {
                assertTrue(row.next(), "no unique index on " + table.table());
                assertTrue(row.getString(1).contains("(device_id, ts DESC, seq)"), row.getString(1));
            }
        }
    }
}
