package org.communityhub.api;

import io.quarkus.panache.common.Parameters;
import java.util.StringJoiner;

/** The where-clause of a list query, built from the filters a client gave: absent ones add nothing. */
public final class Where {

    private final StringJoiner clauses = new StringJoiner(" and ");
    private final Parameters parameters = new Parameters();

    /** Adds {@code clause} with {@code :name} bound to {@code value}, unless the value is null. */
    public Where and(String clause, String name, Object value) {
        if (value != null) {
            clauses.add(clause);
            parameters.and(name, value);
        }
        return this;
    }

    /**
     * Keeps rows whose {@code column} (an area code) starts with one of the prefixes; none when the
     * prefixes are empty; adds nothing when they are null (the caller sees everything).
     */
    public Where andWithin(String column, String[] prefixes) {
        if (prefixes != null) {
            StringJoiner any = new StringJoiner(" or ", "(", ")");
            any.add("1 = 0");
            for (int i = 0; i < prefixes.length; i++) {
                any.add(column + " like :within" + i);
                parameters.and("within" + i, prefixes[i]);
            }
            clauses.add(any.toString());
        }
        return this;
    }

    public String query() {
        return clauses.length() == 0 ? "1 = 1" : clauses.toString();
    }

    public Parameters parameters() {
        return parameters;
    }
}
