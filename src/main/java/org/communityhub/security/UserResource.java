package org.communityhub.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.security.audit.AuditContext;

/**
 * User administration (ADMIN), and each user's own account: who they are, and their password. Users
 * are never returned with their password hash.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    /** A user as the API shows it. */
    public record UserView(String username, Set<Role> roles, List<String> areaCodes) {
        static UserView of(User user) {
            return new UserView(user.username(), user.roles(), user.areaCodes());
        }
    }

    /** An administrator's change to a user: roles and areas, and a new password if given; the name is the path's. */
    @JsonIgnoreProperties({"username"})
    public record UserChange(@NotEmpty Set<@NotNull Role> roles, List<String> areaCodes,
            @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) @Size(min = 10, max = 200) String password) {
    }

    /** A user's change of their own password. */
    public record PasswordChange(@NotNull String currentPassword,
            @NotNull @Size(min = 10, max = 200) String newPassword) {
    }

    /** The path word for the caller's own account; it cannot be a username. */
    static final String ME = "me";

    private final Users users;
    private final FailedSignIns failures;
    private final SecurityIdentity identity;
    private final RoutingContext routing;
    private final AuditContext audit;

    UserResource(Users users, FailedSignIns failures, SecurityIdentity identity, RoutingContext routing,
            AuditContext audit) {
        this.audit = audit;
        this.users = users;
        this.failures = failures;
        this.identity = identity;
        this.routing = routing;
    }

    @GET
    @RolesAllowed("ADMIN")
    public Listing<UserView> list() {
        List<UserView> all = users.list().stream().map(UserView::of).toList();
        return new Listing<>(all, all.size(), 0, all.size());
    }

    @POST
    @RolesAllowed("ADMIN")
    public Response create(@Valid @NotNull UserInput input) throws SQLException {
        if (ME.equals(input.username())) {
            throw ApiException.invalid("username", "'me' names the caller's own account");
        }
        List<String> areaCodes = checkedAreas(input.roles(), input.areaCodes());
        if (users.exists(input.username())) {
            throw ApiException.conflict("user " + input.username() + " already exists");
        }
        users.save(input.username(), input.password(), input.roles(), areaCodes);
        return Response.created(URI.create("/api/v1/users/" + input.username()))
                .entity(new UserView(input.username(), input.roles(), areaCodes)).build();
    }

    @GET
    @Path("{username}")
    @RolesAllowed("ADMIN")
    public UserView get(@PathParam("username") String username) {
        return UserView.of(existing(username));
    }

    /** Replaces roles and areas; a password given here resets it and ends the user's sessions. */
    @PUT
    @Path("{username}")
    @RolesAllowed("ADMIN")
    public UserView update(@PathParam("username") String username, @Valid @NotNull UserChange change)
            throws SQLException {
        User user = existing(username);
        audit.before(UserView.of(user));
        List<String> areaCodes = checkedAreas(change.roles(), change.areaCodes());
        if (user.roles().contains(Role.ADMIN) && !change.roles().contains(Role.ADMIN)) {
            keepAnAdmin(username);
        }
        users.update(username, change.roles(), areaCodes);
        if (change.password() != null) {
            users.changePassword(username, change.password());
        }
        return new UserView(username, change.roles(), areaCodes);
    }

    @DELETE
    @Path("{username}")
    @RolesAllowed("ADMIN")
    public Response delete(@PathParam("username") String username) throws SQLException {
        User user = existing(username);
        audit.before(UserView.of(user));
        if (username.equals(identity.getPrincipal().getName())) {
            throw ApiException.conflict("you cannot delete yourself: sign in as another administrator");
        }
        if (user.roles().contains(Role.ADMIN)) {
            keepAnAdmin(username);
        }
        users.delete(username);
        return Response.noContent().build();
    }

    /** The caller: who they are signed in as, their roles and areas. */
    @GET
    @Path(ME)
    @Authenticated
    public UserView me() {
        return UserView.of(existing(identity.getPrincipal().getName()));
    }

    /** Changes the caller's password; every session of theirs ends, this one too. */
    @PUT
    @Path(ME + "/password")
    @Authenticated
    public Response changePassword(@Valid @NotNull PasswordChange change) throws SQLException {
        String username = identity.getPrincipal().getName();
        User user = existing(username);
        String address = SourceAddress.of(routing.request());
        if (failures.userLockedOut(username) || !BcryptUtil.matches(change.currentPassword(), user.passwordHash())) {
            failures.failed(username, address);
            throw ApiException.invalid("currentPassword", "is not your current password");
        }
        if (change.newPassword().equals(change.currentPassword())) {
            throw ApiException.invalid("newPassword", "must differ from the current password");
        }
        users.changePassword(username, change.newPassword());
        return Response.noContent().build();
    }

    private User existing(String username) {
        return users.find(username).orElseThrow(() -> ApiException.notFound("user", username));
    }

    /**
     * The areas of a user with these roles: an ADMIN sees everything and needs none; anyone else works
     * in the subtrees of one or more existing areas.
     */
    private List<String> checkedAreas(Set<Role> roles, List<String> given) throws SQLException {
        List<String> areaCodes = given == null ? List.of() : given;
        areaCodes.forEach(code -> QueryValues.parsed("areaCodes", code, AreaCode::of));
        if (areaCodes.isEmpty() && !roles.contains(Role.ADMIN)) {
            throw ApiException.invalid("areaCodes", "required for " + roles + ": the areas whose subtrees the user works in");
        }
        List<String> unknown = users.unknownAreas(areaCodes);
        if (!unknown.isEmpty()) {
            throw ApiException.invalid("areaCodes", "no such area: " + String.join(", ", unknown));
        }
        return areaCodes;
    }

    private void keepAnAdmin(String username) {
        boolean another = users.list().stream()
                .anyMatch(user -> !user.username().equals(username) && user.roles().contains(Role.ADMIN));
        if (!another) {
            throw ApiException.conflict("user " + username + " is the last ADMIN: make another one first");
        }
    }
}
