package org.communityhub.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What every request is checked for before a resource sees it. Its size: JSON bodies at most
 * {@value #JSON_LIMIT} bytes, far more than any of the API's objects (a device is under 1 KB), refused
 * by their declared length before they are read; any body at most
 * {@code quarkus.http.limits.max-body-size} (16 MiB, which a device CSV import of 50,000 rows fits),
 * refused by Quarkus from the declared length before it is read (a bare 413 there: the refusal comes
 * before any of the hub's handlers). Its path: one holding U+0000 (sent as
 * {@code %00}) names nothing the hub can store, so it is a 404 before it reaches the database.
 */
@ApplicationScoped
public class RequestChecks {

    static final long JSON_LIMIT = 1 << 20;

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().indexOf('\0') >= 0) {
            return ProblemMappers.respond(Problem.of(404, "Not found", "no resource has U+0000 in its path"));
        }
        MediaType type = request.getMediaType();
        String length = request.getHeaderString("Content-Length");
        if (type == null || length == null || !type.getSubtype().toLowerCase().contains("json")) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) <= JSON_LIMIT) {
                return null;
            }
        } catch (NumberFormatException e) {
            return ProblemMappers.respond(Problem.of(400, "Bad Request", "Content-Length is not a number"));
        }
        return ProblemMappers.respond(Problem.of(413, "Content Too Large",
                "a JSON body may have at most " + JSON_LIMIT + " bytes"));
    }
}
