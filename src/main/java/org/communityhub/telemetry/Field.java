package org.communityhub.telemetry;

import java.util.Set;

/**
 * One typed field of a device class's telemetry: its name in the JSON payload, its column, and what
 * values it may take.
 */
public record Field(String name, String column, Type type, Set<String> allowed, double min, double max) {

    public enum Type {
        /** One of {@link Field#allowed()}, as a JSON string. */
        ENUM,
        /** A JSON number within [min, max]. */
        NUMBER,
        /** A whole JSON number within [min, max]. */
        INTEGER,
        /** A JSON boolean. */
        BOOLEAN,
        /** An ISO-8601 string or epoch milliseconds. */
        TIMESTAMP
    }

    static Field oneOf(String name, String column, String... allowed) {
        return new Field(name, column, Type.ENUM, Set.of(allowed), 0, 0);
    }

    static Field number(String name, String column, double min, double max) {
        return new Field(name, column, Type.NUMBER, Set.of(), min, max);
    }

    static Field integer(String name, String column, long min, long max) {
        return new Field(name, column, Type.INTEGER, Set.of(), min, max);
    }

    static Field bool(String name, String column) {
        return new Field(name, column, Type.BOOLEAN, Set.of(), 0, 0);
    }

    static Field timestamp(String name, String column) {
        return new Field(name, column, Type.TIMESTAMP, Set.of(), 0, 0);
    }
}
