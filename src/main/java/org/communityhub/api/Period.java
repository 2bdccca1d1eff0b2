package org.communityhub.api;

import java.time.Duration;
import java.time.Instant;

/** The {@code from} (inclusive) and {@code to} (exclusive) query parameters of a time-bounded read. */
public record Period(Instant from, Instant to) {

    /** Parses the parameters; {@code to} defaults to now, {@code from} to {@code to} minus {@code otherwise}. */
    public static Period of(String from, String to, Duration otherwise) {
        Instant end = QueryValues.instant("to", to);
        end = end == null ? Instant.now() : end;
        Instant start = QueryValues.instant("from", from);
        start = start == null ? end.minus(otherwise) : start;
        if (!start.isBefore(end)) {
            throw ApiException.invalid("from", "must be before to (" + end + ")");
        }
        return new Period(start, end);
    }
}
