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
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    public static ApiException invalid(List<Problem.Violation> violations) {
        return new ApiException(Problem.invalid(violations));
    }

    /** A role that may not do this particular thing, where the endpoint's roles cannot say it. */
    public static ApiException forbidden(String detail) {
        return new ApiException(Problem.of(403, "Forbidden", detail));
    }
}
