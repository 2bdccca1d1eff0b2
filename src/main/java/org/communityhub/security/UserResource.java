package org.communityhub.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;

/** User administration. Users are never returned with their password hash. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class UserResource {

    /** A user as the API shows it. */
    public record UserView(String username, Set<Role> roles, List<String> areaCodes) {
        static UserView of(User user) {
            return new UserView(user.username(), user.roles(), user.areaCodes());
        }
    }

    private final Users users;

    UserResource(Users users) {
        this.users = users;
    }

    @GET
    public Listing<UserView> list() {
        List<UserView> all = users.list().stream().map(UserView::of).toList();
        return new Listing<>(all, all.size(), 0, all.size());
    }

    @POST
    public Response create(@Valid @NotNull UserInput input) {
        List<String> areaCodes = input.areaCodes() == null ? List.of() : input.areaCodes();
        areaCodes.forEach(code -> QueryValues.parsed("areaCodes", code, AreaCode::of));
        if (users.exists(input.username())) {
            throw ApiException.conflict("user " + input.username() + " already exists");
        }
        users.save(input.username(), input.password(), input.roles(), areaCodes);
        return Response.created(URI.create("/api/v1/users/" + input.username()))
                .entity(new UserView(input.username(), input.roles(), areaCodes)).build();
    }
}
