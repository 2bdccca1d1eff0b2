package org.communityhub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.ForbiddenException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.communityhub.database.Blame;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refused request into an {@code application/problem+json} answer. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.problem());
    }

    /** Signed in, but the role does not allow it. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldName(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return respond(Problem.invalid(violations));
    }

    // Quarkus maps these two itself (400 without a body); naming them here takes precedence.
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(StreamReadException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return respond(Problem.invalid(List.of(new Problem.Violation(field, reason(mapping)))));
        }
        return respond(Problem.of(400, "Malformed JSON", e.getOriginalMessage()));
    }

    /** A race that the resources' own checks could not see: two requests creating the same id. */
    @ServerExceptionMapper
    public Response database(PgException e) {
        return databaseConflict(e.getSqlState(), e.getDetail());
    }

    @ServerExceptionMapper
    public Response database(org.hibernate.exception.ConstraintViolationException e) {
        return databaseConflict(e.getSQLState(), e.getMessage());
    }

    /** A value the reactive path's database refused (class 22): the request's fault. */
    @ServerExceptionMapper
    public Response database(org.hibernate.exception.DataException e) {
        return databaseConflict(e.getSQLState(), e.getMessage());
    }

    /**
     * Anything no other mapper answers: a defect. A 500 problem document that says so, never a stack
     * trace or SQL; the log has the details.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("a request failed", e);
        return respond(Problem.of(500, "Internal error", "the hub failed on this request; its log has the details"));
    }

    private static Response databaseConflict(String sqlState, String detail) {
        if (sqlState != null && sqlState.startsWith("22")) {
            return invalidValue(sqlState);
        }
        return switch (sqlState == null ? "" : sqlState) {
            case "23505" -> respond(Problem.of(409, "Conflict", "already exists: " + detail));
            case "23503" -> respond(Problem.of(409, "Conflict", "still referenced: " + detail));
            default -> respond(Problem.of(500, "Database error", "the database refused the change"));
        };
    }

    /**
     * A JDBC resource's failure: a value the database refuses (class 22, such as U+0000 in text) is
     * the request's fault, 400; the database being away is 503 with Retry-After; anything else 500,
     * as a problem document rather than an HTML page.
     */
    @ServerExceptionMapper
    public Response jdbc(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22")) {
            return invalidValue(state);
        }
        if (state.equals("23505")) {
            return respond(Problem.of(409, "Conflict", "already exists"));
        }
        // a statement the schema does not take (42) or an internal error (XX) is a defect, not an outage:
        // ingest waits on those for an operator, a request gets 500 and the log says what
        boolean defect = state.startsWith("42") || state.startsWith("XX");
        if (Blame.of(e) != Blame.DATA && !defect) {
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(Problem.of(503, "Database unavailable", "the database is away; try again shortly")).build();
        }
        LOG.error("a request failed in the database", e);
        return respond(Problem.of(500, "Database error", "the database refused the request (SQLSTATE " + state + ")"));
    }

    private static Response invalidValue(String state) {
        return respond(Problem.of(400, "Invalid value", "the database cannot store a value of the request"
                + (state.equals("22021") || state.equals("22P05") ? " (text may not contain U+0000)" : "")
                + "; SQLSTATE " + state));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // Quarkus wraps a body it could not read as JSON in a plain 400
            return unreadableJson(json);
        }
        if (e instanceof NotFoundException && e.getCause() instanceof IllegalArgumentException cause) {
            // a query parameter that is not of its type (page=abc, page=99999999999): JAX-RS says 404, as if
            // the resource were missing; it is the request that is wrong, so 400 naming the parameter
            List<String> fields = uri.getQueryParameters().entrySet().stream()
                    .filter(parameter -> parameter.getValue().stream().anyMatch(value -> String.valueOf(cause.getMessage())
                            .contains("\"" + value + "\"")))
                    .map(java.util.Map.Entry::getKey).sorted().toList();
            return respond(fields.isEmpty()
                    ? Problem.of(400, "Invalid request", "a query parameter cannot be read: " + cause.getMessage())
                    : Problem.invalid(fields.stream()
                            .map(field -> new Problem.Violation(field, "cannot be read as a number of its range")).toList()));
        }
        Response response = e.getResponse();
        Response.StatusType status = response.getStatusInfo();
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException format) {
            if (format.getValue() instanceof String text && text.indexOf('\0') >= 0) {
                return "may not contain U+0000";
            }
            Class<?> target = format.getTargetType();
            if (target != null && target.isEnum()) {
                return "must be one of " + List.of(target.getEnumConstants());
            }
            return "cannot be read as " + (target == null ? "this type" : target.getSimpleName());
        }
        return "has the wrong type or shape";
    }

    /** The JSON name of the offending field: the last node of the property path. */
    private static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() != jakarta.validation.ElementKind.METHOD
                    && node.getKind() != jakarta.validation.ElementKind.CROSS_PARAMETER) {
                name = node.getName();
            }
        }
        return name == null ? "request" : name;
    }
}
