package org.communityhub.notify;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.communityhub.alerts.Severity;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.security.Scope;
import org.communityhub.security.audit.AuditContext;

/** Webhooks per area subtree (ADMIN, OPERATOR): create, list, delete, and read a webhook's delivery log. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"ADMIN", "OPERATOR"})
public class WebhookResource {

    /** A new webhook; {@code secret} is generated when left out. */
    public record WebhookInput(String areaCode, String url, String format, String secret, String minSeverity) {
    }

    /** A created webhook with its secret: the only time the secret is shown. */
    public record Created(Webhook webhook, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Webhooks webhooks;
    private final SecurityIdentity identity;
    private final AuditContext audit;

    WebhookResource(Webhooks webhooks, SecurityIdentity identity, AuditContext audit) {
        this.audit = audit;
        this.webhooks = webhooks;
        this.identity = identity;
    }

    @POST
    public Response create(WebhookInput input) throws SQLException {
        if (input == null) {
            throw ApiException.invalid("request", "a webhook needs areaCode and url");
        }
        AreaCode area = QueryValues.parsed("areaCode", input.areaCode(), AreaCode::of);
        if (area == null) {
            throw ApiException.invalid("areaCode", "is required: the subtree whose alerts the webhook receives");
        }
        if (!Scope.of(identity).sees(area.value())) {
            throw ApiException.invalid("areaCode", "area " + area + " is outside your areas");
        }
        URI url = url(input.url());
        WebhookFormat format = input.format() == null ? WebhookFormat.JSON
                : QueryValues.enumValue("format", input.format(), WebhookFormat.class);
        Severity minSeverity = input.minSeverity() == null ? Severity.WARNING
                : QueryValues.enumValue("minSeverity", input.minSeverity(), Severity.class);
        String secret = input.secret() == null || input.secret().isBlank()
                ? HexFormat.of().formatHex(bytes())
                : input.secret();
        if (secret.length() > 200) {
            throw ApiException.invalid("secret", "must be at most 200 characters");
        }
        try {
            Webhook created = webhooks.create(area.value(), area.subtreePrefix(), url.toString(), format, secret,
                    minSeverity, identity.getPrincipal().getName());
            return Response.created(URI.create("/api/v1/webhooks/" + created.id()))
                    .entity(new Created(created, secret)).build();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw ApiException.invalid("areaCode", "area " + area + " does not exist");
            }
            throw e;
        }
    }

    @GET
    public Listing<Webhook> list() throws SQLException {
        Scope scope = Scope.of(identity);
        List<Webhook> visible = webhooks.list().stream().filter(webhook -> scope.sees(webhook.areaCode())).toList();
        return new Listing<>(visible, visible.size(), 0, visible.size());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) throws SQLException {
        audit.before(existing(id));
        if (!webhooks.delete(id)) {
            throw ApiException.notFound("webhook", Long.toString(id));
        }
        return Response.noContent().build();
    }

    /** The webhook's deliveries, newest first: state, attempts, the receiver's last status or error. */
    @GET
    @Path("{id}/deliveries")
    public Listing<Webhooks.Delivery> deliveries(@PathParam("id") long id, @Valid @BeanParam Paging paging)
            throws SQLException {
        existing(id);
        return paging.listing(webhooks.deliveries(id, paging.size, (long) paging.page * paging.size),
                webhooks.countDeliveries(id));
    }

    /** The webhook, if it is on an area of the caller's subtrees; else 404. */
    private Webhook existing(long id) throws SQLException {
        return webhooks.find(id).filter(webhook -> Scope.of(identity).sees(webhook.areaCode()))
                .orElseThrow(() -> ApiException.notFound("webhook", Long.toString(id)));
    }

    private static URI url(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.invalid("url", "is required");
        }
        try {
            URI url = new URI(raw.trim());
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw ApiException.invalid("url", "must be an absolute http or https URL");
            }
            return url;
        } catch (java.net.URISyntaxException e) {
            throw ApiException.invalid("url", "is not a URL: " + e.getMessage());
        }
    }

    private static byte[] bytes() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }
}
