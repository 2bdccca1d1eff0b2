package org.communityhub.security.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.List;
import java.util.Set;
import org.communityhub.security.SourceAddress;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The audit trail: every request that would change something ({@code POST}, {@code PUT},
 * {@code PATCH}, {@code DELETE} under {@code /api}) is recorded once answered, whoever made it and
 * whatever the answer (a refusal too): the user, the action (method and route), the object, the
 * status, the state before where the resource gave it ({@link AuditContext}), the answer after
 * (secrets removed), the time and the source address. One filter for all endpoints, so that a new
 * endpoint is audited without anyone remembering to. The answer waits for the record to be stored.
 */
public class AuditTrail {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> SECRETS = Set.of("password", "secret", "token", "passwordHash", "currentPassword",
            "newPassword");
    private static final List<String> ID_PARAMETERS = List.of("id", "code", "username");
    /** The broker's questions on every CONNECT and publish: no one's action, and far too many to record. */
    private static final String BROKER_HOOKS = "/api/v1/broker/";

    private final Pool database;
    private final ObjectMapper json;
    private final SecurityIdentity identity;
    private final AuditContext context;

    AuditTrail(Pool database, ObjectMapper json, SecurityIdentity identity, AuditContext context) {
        this.database = database;
        this.json = json;
        this.identity = identity;
        this.context = context;
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource,
            HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!CHANGES.contains(request.getMethod()) || !path.startsWith("/api/") || path.startsWith(BROKER_HOOKS)) {
            return Uni.createFrom().voidItem();
        }
        String template = template(resource);
        var parameters = request.getUriInfo().getPathParameters();
        String idParameter = ID_PARAMETERS.stream().filter(parameters::containsKey).findFirst().orElse(null);
        JsonNode after = redacted(response.getEntity());
        String objectId = idParameter != null ? parameters.getFirst(idParameter) : createdId(after);
        String action = request.getMethod() + " " + (template == null ? request.getUriInfo().getPath() : template);
        for (String name : parameters.keySet()) {
            if (!name.equals(idParameter)) {
                action = action.replace("{" + name + "}", parameters.getFirst(name));
            }
        }
        String username = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        JsonNode before = redacted(context.before());
        return database.preparedQuery(AuditQueries.INSERT)
                .execute(Tuple.from(new Object[] {username, action, objectType(template, request.getUriInfo().getPath()),
                    objectId, response.getStatus(), before == null ? null : before.toString(),
                    after == null ? null : after.toString(),
                    SourceAddress.of(http)}))
                .replaceWithVoid();
    }

    /** The route as declared, e.g. {@code /api/v1/devices/{id}/credentials}. */
    private static String template(ResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path method = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Path.class);
        String route = (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value());
        return route.replaceAll("/+", "/");
    }

    /** The kind of object, from the route without its parameters and version: {@code devices/credentials}. */
    static String objectType(String template, String path) {
        String route = template == null ? path : template;
        StringBuilder type = new StringBuilder();
        for (String segment : route.split("/")) {
            if (segment.isEmpty() || segment.equals("api") || segment.equals("v1") || segment.startsWith("{")) {
                continue;
            }
            type.append(type.length() == 0 ? "" : "/").append(segment);
        }
        return type.toString();
    }

    private static String createdId(JsonNode after) {
        if (after == null || !after.isObject()) {
            return null;
        }
        for (String field : List.of("id", "code", "username", "deviceId")) {
            if (after.hasNonNull(field) && after.get(field).isValueNode()) {
                return after.get(field).asText();
            }
        }
        return after.has("webhook") ? createdId(after.get("webhook")) : null;
    }

    private JsonNode redacted(Object entity) {
        if (entity == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = entity instanceof JsonNode node ? node.deepCopy() : json.valueToTree(entity);
        } catch (IllegalArgumentException e) {
            return json.getNodeFactory().textNode(String.valueOf(entity));
        }
        redact(tree);
        return tree;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : SECRETS) {
                if (object.has(name)) {
                    object.put(name, "[redacted]");
                }
            }
            object.elements().forEachRemaining(AuditTrail::redact);
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(AuditTrail::redact);
        }
    }
}
