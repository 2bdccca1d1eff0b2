package org.communityhub.database;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Many rows written with one statement: their values passed as parallel text arrays, one per column,
 * that the SQL turns back into rows with {@code unnest} and casts.
 */
public final class Unnest {

    private Unnest() {
    }

    /** Runs {@code sql} with one text array per placeholder. */
    public static void execute(Connection connection, String sql, String[]... columns) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<Array> arrays = new ArrayList<>(columns.length);
            for (int c = 0; c < columns.length; c++) {
                Array array = connection.createArrayOf("text", columns[c]);
                arrays.add(array);
                statement.setArray(c + 1, array);
            }
            statement.executeUpdate();
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** Rows as parallel text arrays, one per column. */
    @SafeVarargs
    public static <T> String[][] columns(List<T> rows, Function<T, String>... columns) {
        String[][] arrays = new String[columns.length][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.length; c++) {
                arrays[c][r] = columns[c].apply(rows.get(r));
            }
        }
        return arrays;
    }

    /** ISO-8601 in UTC, which PostgreSQL reads as a timestamptz whatever the session's time zone. */
    public static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
