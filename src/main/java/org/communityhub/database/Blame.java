package org.communityhub.database;

import java.sql.SQLException;
import java.util.Set;

/**
 * Whose fault a failed statement is: the database's (it is away, overloaded, or not in a state to
 * take anything: wait and try again, however long it takes) or the data's (this statement will fail
 * however often it is tried: find what it refuses and set that aside). Read from the SQLSTATE
 * (PostgreSQL's error codes, appendix A of its manual); docs/architecture.md has the table and why.
 */
public enum Blame {
    /** An outage or an overload: retried until the database takes it. */
    DATABASE,
    /** The database refuses these values: retrying cannot help. */
    DATA,
    /**
     * Another transaction got in the way (a deadlock, a serialization failure: class 40): the database
     * is there and the data are fine; the same work goes through when tried again at once.
     */
    CONFLICT;

    /**
     * SQLSTATE classes that say nothing about the data: connection (08), invalid transaction state
     * (25), authorization (28), missing database or schema (3D, 3F), access rule or missing object (42: the schema or the
     * grants are not what the hub expects, which an operator fixes), insufficient resources such as
     * a full disk (53), object not in prerequisite state such as a lock not available (55), operator
     * intervention such as a shutdown or a cancelled statement (57), system error (58), configuration
     * file error (F0), internal error (XX).
     */
    private static final Set<String> DATABASE_CLASSES =
            Set.of("08", "25", "28", "3D", "3F", "42", "53", "55", "57", "58", "F0", "XX");

    public static Blame of(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            // raised by the driver without a server answer: an I/O failure
            return DATABASE;
        }
        String type = state.substring(0, 2);
        return type.equals("40") ? CONFLICT : DATABASE_CLASSES.contains(type) ? DATABASE : DATA;
    }
}
