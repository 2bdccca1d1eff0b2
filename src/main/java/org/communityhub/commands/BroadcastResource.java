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
import org.communityhub.api.ApiException;
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
    private final Commands commands;
    private final CommandsConfig config;
    private final SecurityIdentity identity;
    private final Event<CommandsQueued> queued;

    BroadcastResource(Broadcasts broadcasts, Commands commands, CommandsConfig config, SecurityIdentity identity,
            Event<CommandsQueued> queued) {
        this.broadcasts = broadcasts;
        this.commands = commands;
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
                priority, input.volumePct(), repeat, expiresAt), identity.getPrincipal().getName());
        queued.fireAsync(new CommandsQueued());
        return Response.created(URI.create("/api/v1/broadcasts/" + id)).entity(broadcasts.find(id).orElseThrow()).build();
    }

    @GET
    @Path("{id}")
    public Broadcasts.Broadcast get(@PathParam("id") long id) throws SQLException {
        return visible(id);
    }

    /** Stops the broadcast everywhere: what was not sent is not, and every unit it reached gets STOP. */
    @POST
    @Path("{id}/stop")
    public Broadcasts.Broadcast stop(@PathParam("id") long id) throws SQLException {
        visible(id);
        String user = identity.getPrincipal().getName();
        List<String> reached = broadcasts.stop(id, user)
                .orElseThrow(() -> ApiException.conflict("broadcast " + id + " is stopped already"));
        Instant expiresAt = Instant.now().plus(config.defaultExpiry());
        for (String unit : reached) {
            commands.create(unit, CommandType.STOP, null, expiresAt, user);
        }
        queued.fireAsync(new CommandsQueued());
        return broadcasts.find(id).orElseThrow();
    }

    private Broadcasts.Broadcast visible(long id) throws SQLException {
        Broadcasts.Broadcast broadcast = broadcasts.find(id)
                .orElseThrow(() -> ApiException.notFound("broadcast", Long.toString(id)));
        Scope.of(identity).require(broadcast.areaCode(), "broadcast", Long.toString(id));
        return broadcast;
    }
}
