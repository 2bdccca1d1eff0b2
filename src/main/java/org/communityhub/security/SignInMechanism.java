package org.communityhub.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.communityhub.api.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How a caller signs in: HTTP Basic for scripts ({@code curl -u}), or a console session token
 * ({@link Sessions}) as {@code Authorization: Bearer …} or in the {@value #COOKIE} cookie (which the
 * browser's EventSource needs for the live stream). Every refusal is a 401 problem document with the
 * Basic challenge ({@link #sendChallenge}): Quarkus authenticates before a request reaches a
 * resource, so the API's exception mappers never see these.
 */
@ApplicationScoped
class SignInMechanism implements HttpAuthenticationMechanism {

    /** The console's session cookie: HttpOnly, SameSite=Strict. */
    static final String COOKIE = "hub_session";

    private static final String BEARER = "Bearer ";

    /** Routing-context key of the reason a sign-in failed. */
    private static final String REFUSAL = "hub.sign-in.refusal";

    private final BasicAuthenticationMechanism basic;
    private final ObjectMapper json;
    private final String challenge;

    SignInMechanism(ObjectMapper json, @ConfigProperty(name = "quarkus.http.auth.realm") String realm) {
        this.basic = new BasicAuthenticationMechanism(realm, false);
        this.json = json;
        this.challenge = "Basic realm=\"" + realm + "\"";
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        Uni<SecurityIdentity> identity;
        Cookie cookie = context.request().getCookie(COOKIE);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            identity = session(authorization.substring(BEARER.length()).trim(), context, identities);
        } else if (authorization != null) {
            identity = basic.authenticate(context, identities);
        } else if (cookie != null) {
            identity = session(cookie.getValue(), context, identities);
        } else {
            return Uni.createFrom().nullItem();
        }
        // Quarkus answers a failed sign-in with the challenge; keep the reason for its body
        return identity.onFailure(AuthenticationFailedException.class)
                .invoke(failure -> context.put(REFUSAL, failure.getMessage()));
    }

    private static Uni<SecurityIdentity> session(String token, RoutingContext context, IdentityProviderManager identities) {
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, "session"));
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", challenge));
    }

    /** The challenge, with a problem document saying why: wrong or missing credentials, or an ended session. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String refusal = context.get(REFUSAL);
        refuse(context, refusal != null ? refusal
                : "sign in: HTTP Basic credentials, or a session from POST /api/v1/sessions");
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class, TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return basic.getCredentialTransport(context);
    }

    /**
     * Wrong Basic credentials reach the router as a failure instead (the session path and missing
     * credentials come through {@link #sendChallenge}): the same 401, with what went wrong.
     */
    void register(@Observes Router router) {
        router.route().order(-1000).failureHandler(context -> {
            if (context.failure() instanceof AuthenticationFailedException failure) {
                refuse(context, failure.getMessage() == null ? "wrong username or password" : failure.getMessage());
            } else {
                context.next();
            }
        });
    }

    private void refuse(RoutingContext context, String detail) {
        if (context.response().ended()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(Problem.of(401, "Unauthorized", detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document is plain data", e);
        }
        context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        // a browser answers a Basic challenge with its own password dialog, even to a script's fetch:
        // the console marks its calls (X-Requested-With) and shows its sign-in page instead
        if (context.request().getHeader("X-Requested-With") == null) {
            context.response().putHeader("WWW-Authenticate", challenge);
        }
        context.response().end(body);
    }
}
