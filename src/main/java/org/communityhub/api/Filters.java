package org.communityhub.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * One page of a filtered list and the total: {@code list} ends with {@code LIMIT ? OFFSET ?}, and
     * {@code count} counts with the same filters.
     */
    public static <T> Listing<T> page(Connection connection, String list, String count, Object[] filters, Paging paging,
            Row<T> reader) throws SQLException {
        List<T> items = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(list)) {
            int next = bind(connection, statement, filters);
            statement.setInt(next, paging.size);
            statement.setLong(next + 1, (long) paging.page * paging.size);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    items.add(reader.read(row));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(count)) {
            bind(connection, statement, filters);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return paging.listing(items, row.getLong(1));
            }
        }
    }
}
