package org.communityhub.commands;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.reports.GroupBy;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.security.Scope;

/**
 * Emergency broadcasts (docs/broadcasts.md): one message to every active broadcast unit of an area
 * subtree, and then, unit by unit, whether it played and why not. Duty officers dispatch them within
 * their areas; a broadcast on an area outside them is absent (404).
 */
@Path("/api/v1/broadcasts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"ADMIN", "OPERATOR", "DUTY_STAFF"})
public class BroadcastResource {

    /** What a dispatcher sends: {@code text} to speak, or {@code clip} the units know. */
    public record BroadcastInput(String area, String text, String clip, String priority, Integer volumePct,
            Integer repeat, String expiresAt) {
    }

    private final Broadcasts broadcasts;
    private final CommandsConfig config;
    private final SecurityIdentity identity;
    private final Event<CommandsQueued> queued;

    BroadcastResource(Broadcasts broadcasts, CommandsConfig config, SecurityIdentity identity,
            Event<CommandsQueued> queued) {
        this.broadcasts = broadcasts;
        this.config = config;
        this.identity = identity;
        this.queued = queued;
    }

    @POST
    public Response dispatch(BroadcastInput input) throws SQLException {
        if (input == null || input.area() == null) {
            throw ApiException.invalid("area", "is required: the area subtree whose units play the message");
        }
        AreaCode area = QueryValues.parsed("area", input.area(), AreaCode::of);
        Scope.of(identity).require(area.value(), "area", area.value());
        if (!broadcasts.areaExists(area.value())) {
            throw ApiException.notFound("area", area.value());
        }
        boolean text = input.text() != null && !input.text().isBlank();
        boolean clip = input.clip() != null && !input.clip().isBlank();
        if (text == clip) {
            throw ApiException.invalid("text", "give either text (spoken by the units) or clip (a recording they know)");
        }
        if (text && (input.text().length() > 2000 || input.text().indexOf('\0') >= 0)) {
            throw ApiException.invalid("text", "must be at most 2,000 characters");
        }
        if (clip && input.clip().length() > 200) {
            throw ApiException.invalid("clip", "must be at most 200 characters");
        }
        if (input.priority() == null) {
            throw ApiException.invalid("priority", "is required: EMERGENCY, DRILL or NOTICE");
        }
        Broadcasts.Priority priority = QueryValues.enumValue("priority", input.priority(), Broadcasts.Priority.class);
        if (input.volumePct() != null && (input.volumePct() < 0 || input.volumePct() > 100)) {
            throw ApiException.invalid("volumePct", "must be from 0 to 100");
        }
        int repeat = input.repeat() == null ? 1 : input.repeat();
        if (repeat < 1 || repeat > 20) {
            throw ApiException.invalid("repeat", "must be from 1 to 20");
        }
        Instant expiresAt = CommandResource.expiry(input.expiresAt(), config);
        long id = broadcasts.create(new Broadcasts.Request(area, text ? input.text() : null, clip ? input.clip() : null,
                priority, input.volumePct(), repeat, expiresAt, null, null), identity.getPrincipal().getName());
        queued.fireAsync(new CommandsQueued());
        // without its units: a province's 12,200 rows would be written while the PLAYs go out; GET has them
        return Response.created(URI.create("/api/v1/broadcasts/" + id))
                .entity(broadcasts.find(id).orElseThrow().withoutUnits()).build();
    }

    /**
     * Filters: {@code priority} (without it the real warnings, EMERGENCY and NOTICE: drills are listed
     * apart with {@code priority=DRILL}), {@code area} (a subtree), {@code state}, {@code from <=
     * createdAt < to}; newest first, without units (GET one for them).
     */
    @GET
    @RolesAllowed({"ADMIN", "OPERATOR", "DUTY_STAFF", "OFFICIAL"})
    public Listing<Broadcasts.Broadcast> list(@QueryParam("priority") String priority, @QueryParam("area") String area,
            @QueryParam("state") String state, @QueryParam("from") String from, @QueryParam("to") String to,
            @Valid @BeanParam Paging paging) throws SQLException {
        if (state != null && !state.equals("ACTIVE") && !state.equals("STOPPED")) {
            throw ApiException.invalid("state", "must be ACTIVE or STOPPED");
        }
        return broadcasts.list(new Broadcasts.Filter(QueryValues.enumValue("priority", priority, Broadcasts.Priority.class),
                QueryValues.parsed("area", area, AreaCode::of), state, QueryValues.instant("from", from),
                QueryValues.instant("to", to), Scope.of(identity).prefixes()), paging);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"ADMIN", "OPERATOR", "DUTY_STAFF", "OFFICIAL"})
    public Broadcasts.Broadcast get(@PathParam("id") long id) throws SQLException {
        return visible(broadcasts.find(id), id);
    }

    /** What a drill report holds: the broadcast, the whole, and each area of {@code groupBy}. */
    public record Report(long broadcastId, Broadcasts.Priority priority, String areaCode, Instant createdAt,
            GroupBy groupBy, Broadcasts.AreaFigures whole, List<Broadcasts.AreaFigures> items) {
    }

    /**
     * The drill report (for any broadcast): per area of {@code groupBy} (community, street, district,
     * city; default community), the share of units that played and the seconds until 95 % had.
     */
    @GET
    @Path("{id}/report")
    @RolesAllowed({"ADMIN", "OPERATOR", "DUTY_STAFF", "OFFICIAL"})
    public Report report(@PathParam("id") long id, @QueryParam("groupBy") String groupBy) throws SQLException {
        GroupBy level = groupBy == null ? GroupBy.COMMUNITY : QueryValues.enumValue("groupBy", groupBy, GroupBy.class);
        if (level == GroupBy.DEVICE) {
            throw ApiException.invalid("groupBy", "a drill report is per area: community, street, district or city");
        }
        Broadcasts.Broadcast broadcast = visible(broadcasts.stored(id), id);
        List<Broadcasts.AreaFigures> figures = broadcasts.report(id, level);
        Broadcasts.AreaFigures whole = figures.isEmpty() ? new Broadcasts.AreaFigures(null, null, 0, 0, null, null)
                : figures.get(0);
        return new Report(id, broadcast.priority(), broadcast.areaCode(), broadcast.createdAt(), level, whole,
                figures.isEmpty() ? List.of() : figures.subList(1, figures.size()));
    }

    /** Stops the broadcast everywhere: what was not sent is not, and every unit it reached gets STOP. */
    @POST
    @Path("{id}/stop")
    public Broadcasts.Broadcast stop(@PathParam("id") long id) throws SQLException {
        visible(broadcasts.stored(id), id);
        Broadcasts.Broadcast stopped = halt(id).orElseThrow(() -> ApiException.conflict("broadcast " + id + " is stopped already"));
        queued.fireAsync(new CommandsQueued());
        return stopped;
    }

    /** What a CAP alert did: the broadcasts it dispatched (Alert, Update) and those it stopped (Update, Cancel). */
    public record CapResult(String identifier, String msgType, List<Broadcasts.Broadcast> dispatched,
            List<Broadcasts.Broadcast> stopped) {
    }

    /**
     * A CAP 1.2 alert as a broadcast request: an Alert dispatches one broadcast per area geocode, an
     * Update stops the broadcasts of the alerts it references and dispatches its own, a Cancel only
     * stops them. Exercise is a drill; the first info's description is spoken.
     */
    @POST
    @Consumes("application/cap+xml")
    public Response dispatchCap(byte[] document) throws SQLException {
        CapAlert alert;
        try {
            alert = CapAlert.parse(document);
        } catch (CapAlert.Invalid invalid) {
            throw ApiException.invalid(invalid.element(), invalid.getMessage());
        }
        Scope scope = Scope.of(identity);
        for (AreaCode area : alert.areas()) {
            if (!scope.sees(area.value()) || !broadcasts.areaExists(area.value())) {
                throw ApiException.invalid("info/area/geocode", "no area " + area + " in your areas");
            }
        }
        List<Broadcasts.Broadcast> stopped = new java.util.ArrayList<>();
        if (!"Alert".equals(alert.msgType())) {
            for (long id : broadcasts.fromCap(alert.references())) {
                if (scope.sees(broadcasts.stored(id).orElseThrow().areaCode())) {
                    halt(id).ifPresent(stopped::add);
                }
            }
        }
        List<Broadcasts.Broadcast> dispatched = new java.util.ArrayList<>();
        if (!"Cancel".equals(alert.msgType())) {
            Instant expiresAt = CommandResource.expiry(alert.expires() == null ? null : alert.expires().toString(), config);
            for (AreaCode area : alert.areas()) {
                long id = broadcasts.create(new Broadcasts.Request(area, alert.description(), null, alert.priority(), null, 1,
                        expiresAt, alert.sender(), alert.identifier()), identity.getPrincipal().getName());
                dispatched.add(broadcasts.find(id).orElseThrow().withoutUnits());
            }
        }
        queued.fireAsync(new CommandsQueued());
        return Response.status(dispatched.isEmpty() ? 200 : 201)
                .entity(new CapResult(alert.identifier(), alert.msgType(), dispatched, stopped)).build();
    }

    private java.util.Optional<Broadcasts.Broadcast> halt(long id) throws SQLException {
        if (broadcasts.stop(id, identity.getPrincipal().getName(), Instant.now().plus(config.defaultExpiry())).isEmpty()) {
            return java.util.Optional.empty();
        }
        return broadcasts.find(id).map(Broadcasts.Broadcast::withoutUnits);
    }

    /** The broadcast read, when the caller's areas hold it; else 404, as if it did not exist. */
    private Broadcasts.Broadcast visible(java.util.Optional<Broadcasts.Broadcast> read, long id) {
        Broadcasts.Broadcast broadcast = read.orElseThrow(() -> ApiException.notFound("broadcast", Long.toString(id)));
        Scope.of(identity).require(broadcast.areaCode(), "broadcast", Long.toString(id));
        return broadcast;
    }
}
