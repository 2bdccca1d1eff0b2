package org.communityhub.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.communityhub.api.ApiException;

/**
 * Signing in and out of the console. A sign-in checks the password as HTTP Basic does (the same
 * lock-out and address limits), and answers with a session token, also set as an HttpOnly,
 * SameSite=Strict cookie; signing out ends the session at once on every replica.
 */
@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** What a sign-in sends. */
    public record SignIn(String username, String password) {
    }

    /** A session as signing in returns it: the token is shown this once. */
    public record SessionView(String token, Instant expiresAt, String username, Set<Role> roles, List<String> areaCodes) {
    }

    private final IdentityProviderManager identities;
    private final Sessions sessions;
    private final SecurityIdentity identity;
    private final RoutingContext routing;

    SessionResource(IdentityProviderManager identities, Sessions sessions, SecurityIdentity identity,
            RoutingContext routing) {
        this.identities = identities;
        this.sessions = sessions;
        this.identity = identity;
        this.routing = routing;
    }

    @POST
    @PermitAll
    public Response signIn(SignIn input) throws SQLException {
        if (input == null || input.username() == null || input.password() == null) {
            throw ApiException.invalid(input == null || input.username() == null ? "username" : "password", "is required");
        }
        UsernamePasswordAuthenticationRequest request = new UsernamePasswordAuthenticationRequest(input.username(),
                new PasswordCredential(input.password().toCharArray()));
        SecurityIdentity signedIn;
        try {
            signedIn = identities.authenticateBlocking(HttpSecurityUtils.setRoutingContextAttribute(request, routing));
        } catch (AuthenticationFailedException e) {
            throw ApiException.unauthorized(e.getMessage() == null ? "wrong username or password" : e.getMessage());
        }
        String username = signedIn.getPrincipal().getName();
        Sessions.Started session = sessions.start(username, SourceAddress.of(routing.request()));
        Cookie cookie = cookie(session.token(), Duration.between(Instant.now(), session.expiresAt()));
        return Response.created(URI.create("/api/v1/sessions/current"))
                .header("Set-Cookie", cookie.encode())
                .entity(new SessionView(session.token(), session.expiresAt(), username,
                        signedIn.getRoles().stream().map(Role::valueOf).collect(Collectors.toSet()),
                        signedIn.getAttribute(PasswordIdentityProvider.AREA_CODES)))
                .build();
    }

    /** Signs out: ends the session this request came with and clears the cookie. */
    @DELETE
    @Path("current")
    @Authenticated
    public Response signOut() throws SQLException {
        String token = identity.getAttribute(SessionIdentityProvider.SESSION_TOKEN);
        if (token == null) {
            throw ApiException.invalid("session", "this request was signed in with HTTP Basic, not with a session");
        }
        sessions.end(token);
        return Response.noContent().header("Set-Cookie", cookie("", Duration.ZERO).encode()).build();
    }

    private Cookie cookie(String token, Duration maxAge) {
        return Cookie.cookie(SignInMechanism.COOKIE, token).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath("/").setSecure(routing.request().isSSL()).setMaxAge(maxAge.toSeconds());
    }
}
