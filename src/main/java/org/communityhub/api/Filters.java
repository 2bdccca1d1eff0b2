package org.communityhub.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * Binds a list endpoint's optional filters to a query written as {@code (?::type IS NULL OR column
 * = ?::type)}: each filter fills two placeholders, the null test and the comparison, so a filter the
 * client left out matches everything.
 */
public final class Filters {

    private Filters() {
    }

    /** Binds {@code filters} (Instant, String[] as a text array, null, or anything as text) from 1; returns the next index. */
    public static int bind(Connection connection, PreparedStatement statement, Object[] filters) throws SQLException {
        int index = 1;
        for (Object filter : filters) {
            for (int twice = 0; twice < 2; twice++) {
                if (filter instanceof Instant instant) {
                    statement.setTimestamp(index++, Timestamp.from(instant));
                } else if (filter instanceof String[] values) {
                    statement.setArray(index++, connection.createArrayOf("text", values));
                } else if (filter == null) {
                    statement.setNull(index++, Types.VARCHAR);
                } else {
                    statement.setString(index++, filter.toString());
                }
            }
        }
        return index;
    }
}
