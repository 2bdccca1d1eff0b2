package org.communityhub.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whose fault a failed statement is, by SQLSTATE (docs/architecture.md has the table). */
class BlameTest {

    @ParameterizedTest(name = "{0} ({2}): {1}")
    @CsvSource({
        "22P05, DATA,     unsupported Unicode escape sequence (NUL in jsonb)",
        "22003, DATA,     numeric value out of range",
        "22008, DATA,     timestamp out of range",
        "22P02, DATA,     invalid text representation",
        "23514, DATA,     check violation",
        "23503, DATA,     foreign key violation",
        "21000, DATA,     ON CONFLICT DO UPDATE cannot affect a row twice",
        "54001, DATA,     stack depth limit exceeded",
        "0A000, DATA,     feature not supported",
        "08006, DATABASE, connection failure",
        "08001, DATABASE, unable to connect",
        "57P01, DATABASE, admin shutdown",
        "57014, DATABASE, query cancelled (statement timeout)",
        "53100, DATABASE, disk full",
        "53300, DATABASE, too many connections",
        "40001, CONFLICT, serialization failure",
        "40P01, CONFLICT, deadlock",
        "55P03, DATABASE, lock not available",
        "42P01, DATABASE, undefined table",
        "42501, DATABASE, insufficient privilege",
        "28P01, DATABASE, invalid password",
        "3D000, DATABASE, database does not exist",
        "25P02, DATABASE, in failed transaction",
        "58030, DATABASE, I/O error",
        "XX001, DATABASE, data corrupted",
    })
    void sqlStateDecides(String state, Blame blame, String what) {
        assertEquals(blame, Blame.of(new SQLException(what, state)));
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "NULL", "X"}, nullValues = "NULL")
    void aFailureWithoutAServerAnswerIsTheDatabases(String state) {
        assertEquals(Blame.DATABASE, Blame.of(new SQLException("An I/O error occurred while sending to the backend", state)));
    }
}
