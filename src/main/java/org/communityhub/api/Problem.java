package org.communityhub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}). For validation errors
 * {@code fields} lists every offending field by its JSON name, and {@code violations} says what is
 * wrong with each.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> fields,
        List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record Violation(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of(), List.of());
    }

    public static Problem invalid(List<Violation> violations) {
        List<String> fields = violations.stream().map(Violation::field).distinct().toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return new Problem("about:blank", "Invalid request", 400, detail, fields, violations);
    }
}
