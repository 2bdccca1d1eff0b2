package org.communityhub.telemetry;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;

/**
 * Bulk writes that store a redelivery once: rows are copied (COPY, CSV) into a temporary staging
 * table shaped like the target, then merged with {@code INSERT … SELECT … ON CONFLICT DO NOTHING},
 * which COPY alone cannot do. The staging table empties itself at commit or rollback.
 */
final class Staging {

    private Staging() {
    }

    /** Copies the rows (values in {@code columns} order) into {@code table}; returns how many were new. */
    static int merge(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        String stage = "stage_" + table;
        String columnList = String.join(", ", columns);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + table
                    + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + stage + " (" + columnList + ") FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv(rows)));
            return statement.executeUpdate("INSERT INTO " + table + " (" + columnList + ") SELECT " + columnList
                    + " FROM " + stage + " ON CONFLICT DO NOTHING");
        } catch (IOException e) {
            throw new SQLException("COPY into " + stage + " failed", e);
        }
    }

    private static String csv(List<Object[]> rows) {
        StringWriter out = new StringWriter(rows.size() * 160);
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
