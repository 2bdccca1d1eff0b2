package org.communityhub.alerts;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.api.ApiException;
import org.communityhub.api.Filters;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceClass;
import org.communityhub.security.Scope;
import org.communityhub.security.Users;
import org.communityhub.security.audit.AuditContext;

/** Alerts: list and filter them within the caller's areas, read one with its trail, act on it. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class AlertResource {

    /** One step of an alert's trail. */
    public record TrailStep(long id, Instant at, String action, String actor, String from, String to, String detail,
            String areaCode) {
    }

    /** An alert with its trail. */
    public record AlertWithTrail(Alert alert, List<TrailStep> trail) {
    }

    private static final String WHERE = """
             WHERE (?::text IS NULL OR state = ?::text)
               AND (?::text IS NULL OR severity = ?::text)
               AND (?::text IS NULL OR device_class = ?::text)
               AND (?::text IS NULL OR type = ?::text)
               AND (?::text IS NULL OR device_id = ?::text)
               AND (?::text IS NULL OR area_code LIKE ?::text)
               AND (?::timestamptz IS NULL OR opened_at >= ?::timestamptz)
               AND (?::timestamptz IS NULL OR opened_at < ?::timestamptz)
               AND (?::text[] IS NULL OR area_code LIKE ANY (?::text[]))
            """;

    private final AgroalDataSource dataSource;
    private final AlertStore store;
    private final AlertActions actions;
    private final Users users;
    private final AuditContext audit;
    private final SecurityIdentity identity;

    AlertResource(AgroalDataSource dataSource, AlertStore store, AlertActions actions, Users users,
            SecurityIdentity identity, AuditContext audit) {
        this.audit = audit;
        this.dataSource = dataSource;
        this.store = store;
        this.actions = actions;
        this.users = users;
        this.identity = identity;
    }

    /**
     * Filters: {@code state}, {@code severity}, {@code deviceClass} (alias {@code class}), {@code type},
     * {@code deviceId}, {@code area} (a subtree), {@code from <= openedAt < to}; newest first.
     */
    @GET
    public Listing<Alert> list(@QueryParam("state") String state, @QueryParam("severity") String severity,
            @QueryParam("deviceClass") String deviceClass, @QueryParam("class") String classAlias,
            @QueryParam("type") String type, @QueryParam("deviceId") String deviceId, @QueryParam("area") String area,
            @QueryParam("from") String from, @QueryParam("to") String to, @Valid @BeanParam Paging paging)
            throws SQLException {
        AlertState wantedState = QueryValues.enumValue("state", state, AlertState.class);
        Severity wantedSeverity = QueryValues.enumValue("severity", severity, Severity.class);
        DeviceClass wantedClass = deviceClass != null ? QueryValues.enumValue("deviceClass", deviceClass, DeviceClass.class)
                : QueryValues.enumValue("class", classAlias, DeviceClass.class);
        AreaCode subtree = QueryValues.parsed("area", area, AreaCode::of);
        Object[] filters = {name(wantedState), name(wantedSeverity), name(wantedClass),
            type == null || type.isBlank() ? null : type.trim().toUpperCase(), deviceId,
            subtree == null ? null : subtree.subtreePrefix() + "%",
            QueryValues.instant("from", from), QueryValues.instant("to", to), Scope.of(identity).prefixes()};
        try (Connection connection = dataSource.getConnection()) {
            return Filters.page(connection, "SELECT * FROM alerts" + WHERE + " ORDER BY opened_at DESC, id DESC LIMIT ? OFFSET ?",
                    "SELECT count(*) FROM alerts" + WHERE, filters, paging, Alert::of);
        }
    }

    @GET
    @Path("{id}")
    public AlertWithTrail get(@PathParam("id") long id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Alert alert = store.find(connection, id, false).filter(a -> Scope.of(identity).sees(a.areaCode()))
                    .orElseThrow(() -> ApiException.notFound("alert", Long.toString(id)));
            List<TrailStep> trail = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(AlertQueries.TRAIL_OF)) {
                statement.setLong(1, id);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        trail.add(new TrailStep(row.getLong("id"), row.getTimestamp("at").toInstant(),
                                row.getString("action"), row.getString("actor"), row.getString("from_state"),
                                row.getString("to_state"), row.getString("detail"), row.getString("area_code")));
                    }
                }
            }
            return new AlertWithTrail(alert, trail);
        }
    }

    /** {@code ack} {}, {@code assign} {"assignee"}, {@code resolve} {"note"}, {@code close} {"rating", "comment"}, {@code reopen} {"reason"}. */
    @POST
    @Path("{id}/{action}")
    @RolesAllowed({"ADMIN", "OPERATOR", "DUTY_STAFF"})
    public Alert act(@PathParam("id") long id, @PathParam("action") String name, AlertActions.Request request)
            throws SQLException {
        Lifecycle action = Lifecycle.named(name).orElseThrow(() -> ApiException.notFound("action", name
                + " (the actions are ack, assign, resolve, close, reopen)"));
        AlertActions.Request body = request == null ? new AlertActions.Request(null, null, null, null, null) : request;
        if (action == Lifecycle.ASSIGN && body.assignee() != null && !body.assignee().isBlank()
                && (body.assignee().indexOf('\0') >= 0 || !users.exists(body.assignee()))) {
            throw ApiException.invalid("assignee", "no user " + body.assignee() + " exists");
        }
        try (Connection connection = dataSource.getConnection()) {
            store.find(connection, id, false).filter(alert -> Scope.of(identity).sees(alert.areaCode()))
                    .ifPresent(audit::before);
        }
        return actions.act(id, action, body, identity.getPrincipal().getName(), Scope.of(identity));
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

}
