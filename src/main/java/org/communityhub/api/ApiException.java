package org.communityhub.api;

import java.util.List;

/** A request the API refuses, with the problem document the client gets. */
public class ApiException extends RuntimeException {

    private final Problem problem;

    private ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(Problem.of(404, "Not found", what + " " + id + " does not exist"));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(Problem.of(403, "Forbidden", detail));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Problem.of(409, "Conflict", detail));
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(Problem.invalid(List.of(new Problem.Violation(field, message))));
    }
}
