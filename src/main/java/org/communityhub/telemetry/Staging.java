package org.communityhub.telemetry;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;

/**
 * Bulk writes that store a redelivery once: rows are copied (COPY, CSV) into a temporary staging
 * table shaped like the target, then merged with {@code INSERT … SELECT … ON CONFLICT DO NOTHING},
 * which COPY alone cannot do. The staging table empties itself at commit or rollback.
 */
public final class Staging {

    /** The staging tables each database session already has (they live as long as the session). */
    private static final Map<PGConnection, Set<String>> CREATED = Collections.synchronizedMap(new WeakHashMap<>());

    private Staging() {
    }

    /** Copies the rows (values in {@code columns} order) into {@code table}; returns how many were new. */
    static int merge(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        String stage = copy(connection, table, columns, rows);
        String columnList = String.join(", ", columns);
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO " + table + " (" + columnList + ") SELECT " + columnList
                    + " FROM " + stage + " ON CONFLICT DO NOTHING");
        }
    }

    /**
     * Copies the rows into {@code stage_TABLE}, a temporary table shaped like {@code table}, for the
     * caller to merge with its own statement in the same transaction; returns the staging table's name.
     */
    public static String copy(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        String stage = "stage_" + table;
        try (Statement statement = connection.createStatement()) {
            PGConnection postgres = connection.unwrap(PGConnection.class);
            if (CREATED.computeIfAbsent(postgres, c -> ConcurrentHashMap.newKeySet()).add(stage)) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + table
                        + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            }
            postgres.getCopyAPI().copyIn(
                    "COPY " + stage + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv(rows)));
            return stage;
        } catch (IOException e) {
            throw new SQLException("COPY into " + stage + " failed", e);
        }
    }

    private static String csv(List<Object[]> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 200);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.POSTGRESQL_CSV)) {
            for (Object[] row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
