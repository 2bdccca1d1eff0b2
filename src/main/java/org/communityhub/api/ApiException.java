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

    /** Credentials the API refuses where they are given in a body (signing in), not in a header. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(Problem.of(401, "Unauthorized", detail));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Problem.of(409, "Conflict", detail));
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(Problem.invalid(List.of(new Problem.Violation(field, message))));
    }
}
