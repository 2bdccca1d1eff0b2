package org.communityhub.telemetry;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;

/**
 * Bulk writes with COPY (text format, {@link CopyText}) that store a redelivery once. COPY has no {@code ON CONFLICT}: a batch
 * that repeats stored rows is copied into a temporary staging table shaped like the target instead,
 * then merged with {@code INSERT … SELECT … ON CONFLICT DO NOTHING}. The staging table empties
 * itself at commit or rollback.
 */
final class Staging {

    private static final String UNIQUE_VIOLATION = "23505";

    /** The staging tables each database session already has (they live as long as the session). */
    private static final Map<PGConnection, Set<String>> CREATED = Collections.synchronizedMap(new WeakHashMap<>());

    private Staging() {
    }

    /**
     * Copies the rows (values in {@code columns} order) into {@code table}; returns how many were new.
     * Redeliveries are rare (after a reconnect or a restart), so the rows are first copied straight
     * into the table under a savepoint; only if that hits the unique index are they staged and merged.
     */
    static int merge(Connection connection, String table, List<String> columns, CopyText rows) throws SQLException {
        if (rows.rows() == 0) {
            return 0;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            copyIn(connection, table, columns, rows);
            connection.releaseSavepoint(savepoint);
            return rows.rows();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
        }
        String stage = stage(connection, table, columns, rows);
        String columnList = String.join(", ", columns);
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO " + table + " (" + columnList + ") SELECT " + columnList
                    + " FROM " + stage + " ON CONFLICT DO NOTHING");
        }
    }

    /** Copies the rows into {@code stage_TABLE}, a temporary table shaped like {@code table}; returns its name. */
    private static String stage(Connection connection, String table, List<String> columns, CopyText rows)
            throws SQLException {
        String stage = "stage_" + table;
        PGConnection postgres = connection.unwrap(PGConnection.class);
        if (CREATED.computeIfAbsent(postgres, c -> ConcurrentHashMap.newKeySet()).add(stage)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + table
                        + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            }
        }
        copyIn(connection, stage, columns, rows);
        return stage;
    }

    private static void copyIn(Connection connection, String table, List<String> columns, CopyText rows)
            throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN", rows.stream());
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }
}
