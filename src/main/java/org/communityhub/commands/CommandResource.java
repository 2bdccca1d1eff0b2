package org.communityhub.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
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
import java.util.Map;
import java.util.UUID;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.Problem;
import org.communityhub.api.QueryValues;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.communityhub.security.Role;
import org.communityhub.security.Scope;

/**
 * Commands to one device: send one (it waits until the device is online, unless it expires first),
 * list them, read one. Operators send any command their device's class takes; duty staff only
 * {@code LOCATE} (to find an elder's device); opening a locker's compartment is for operators.
 */
@Path("/api/v1/devices/{id}/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class CommandResource {

    /** What a client sends: {@code expiresAt} defaults to {@code HUB_COMMANDS_DEFAULT_EXPIRY} from now. */
    public record CommandInput(String type, ObjectNode params, String expiresAt) {
    }

    private final Commands commands;
    private final DeviceDirectory directory;
    private final CommandsConfig config;
    private final SecurityIdentity identity;
    private final Event<CommandsQueued> queued;

    CommandResource(Commands commands, DeviceDirectory directory, CommandsConfig config, SecurityIdentity identity,
            Event<CommandsQueued> queued) {
        this.commands = commands;
        this.directory = directory;
        this.config = config;
        this.identity = identity;
        this.queued = queued;
    }

    @POST
    @RolesAllowed({"ADMIN", "OPERATOR", "DUTY_STAFF"})
    public Response send(@PathParam("id") String id, CommandInput input) throws SQLException {
        DeviceDirectory.Entry device = directory.visible(id, Scope.of(identity));
        if (input == null || input.type() == null || input.type().isBlank()) {
            throw ApiException.invalid("type", "is required: one of " + CommandType.of(device.deviceClass()));
        }
        CommandType type = QueryValues.enumValue("type", input.type().trim(), CommandType.class);
        if (!type.appliesTo(device.deviceClass())) {
            throw ApiException.invalid("type", "a " + device.deviceClass() + " takes " + CommandType.of(device.deviceClass()));
        }
        boolean operator = identity.hasRole(Role.ADMIN.name()) || identity.hasRole(Role.OPERATOR.name());
        if (!operator && type != CommandType.LOCATE) {
            throw ApiException.forbidden("duty staff may send LOCATE only; " + type + " is for operators");
        }
        Map<String, String> problems = type.problems(input.params());
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.entrySet().stream()
                    .map(problem -> new Problem.Violation(problem.getKey(), problem.getValue())).toList());
        }
        if (device.state() != DeviceState.ACTIVE) {
            throw ApiException.conflict("device " + id + " is decommissioned: it takes no commands");
        }
        Instant expiresAt = expiry(input.expiresAt(), config);
        Command command = commands.create(id, type, input.params(), expiresAt, identity.getPrincipal().getName());
        queued.fireAsync(new CommandsQueued());
        return Response.created(URI.create("/api/v1/devices/" + id + "/commands/" + command.commandId()))
                .entity(command).build();
    }

    /** The device's commands, newest first. */
    @GET
    public Listing<Command> list(@PathParam("id") String id, @Valid @BeanParam Paging paging) throws SQLException {
        directory.visible(id, Scope.of(identity));
        return commands.ofDevice(id, paging);
    }

    @GET
    @Path("{commandId}")
    public Command get(@PathParam("id") String id, @PathParam("commandId") String commandId) throws SQLException {
        directory.visible(id, Scope.of(identity));
        UUID uuid;
        try {
            uuid = UUID.fromString(commandId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("command", commandId);
        }
        return commands.find(uuid).filter(command -> command.deviceId().equals(id))
                .orElseThrow(() -> ApiException.notFound("command", commandId));
    }

    /** The expiry a request asks for ({@code expiresAt}, or the default from now), refused unless it lies ahead within the maximum. */
    static Instant expiry(String raw, CommandsConfig config) {
        Instant now = Instant.now();
        Instant expiresAt = raw == null ? now.plus(config.defaultExpiry()) : QueryValues.instant("expiresAt", raw);
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(config.maxExpiry()))) {
            throw ApiException.invalid("expiresAt", "must be after now and at most " + config.maxExpiry() + " ahead");
        }
        return expiresAt;
    }
}
