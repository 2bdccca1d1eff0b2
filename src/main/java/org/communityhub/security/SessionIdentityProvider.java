package org.communityhub.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** Signs in the holder of a console session token ({@link Sessions}); a token that is not live fails. */
@ApplicationScoped
class SessionIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Attribute of an identity signed in by session: the token, so that signing out can end that session. */
    static final String SESSION_TOKEN = "sessionToken";

    private final Sessions sessions;

    SessionIdentityProvider(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String token = request.getToken().getToken();
            User user;
            try {
                user = sessions.user(token).orElseThrow(
                        () -> new AuthenticationFailedException("the session has ended: sign in again"));
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the session", e);
            }
            return QuarkusSecurityIdentity.builder(user.identity()).addAttribute(SESSION_TOKEN, token).build();
        });
    }
}
