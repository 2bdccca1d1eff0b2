package org.communityhub.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Checks HTTP Basic credentials against the users table: bcrypt, unless the same password matched the
 * same stored hash recently ({@link VerifiedCredentials}). Roles and areas are read fresh every time.
 * Repeated failures lock the user out and stop password checks from their address ({@link FailedSignIns}).
 */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Attribute of the identity holding the area codes whose subtrees the user may see. */
    public static final String AREA_CODES = "areaCodes";

    /** Checked when the user does not exist, so that a wrong name costs as long as a wrong password. */
    private final String unknownUserHash;

    private final Users users;
    private final VerifiedCredentials credentials;
    private final FailedSignIns failures;

    PasswordIdentityProvider(Users users, VerifiedCredentials credentials, FailedSignIns failures,
            SecurityConfig config) {
        this.users = users;
        this.credentials = credentials;
        this.failures = failures;
        this.unknownUserHash = BcryptUtil.bcryptHash("no such user", config.bcryptCost());
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String username = request.getUsername();
            String password = new String(request.getPassword().getPassword());
            String address = address(request);
            Optional<User> user = users.find(username);
            String hash = user.map(User::passwordHash).orElse(unknownUserHash);
            // a password verified before the failures began still passes: someone guessing cannot lock
            // out the duty staff who are signed in
            boolean remembered = user.isPresent() && credentials.verified(username, password, hash);
            if (!remembered && failures.userLockedOut(username)) {
                throw new AuthenticationFailedException("user locked out after repeated wrong passwords");
            }
            if (!remembered && failures.addressBlocked(address)) {
                throw new AuthenticationFailedException("too many failed sign-ins from " + address);
            }
            // checked for an unknown user too (against a hash of no one's), so that a wrong name costs as
            // long as a wrong password and the time of a refusal does not tell which names exist
            boolean matches = remembered || BcryptUtil.matches(password, hash);
            if (user.isEmpty() || !matches) {
                failures.failed(username, address);
                throw new AuthenticationFailedException("wrong username or password");
            }
            failures.succeeded(username);
            credentials.remember(username, password, hash);
            return user.get().identity();
        });
    }

    /** The client's address as this hub sees it (a proxy in front makes it the proxy's). */
    private static String address(UsernamePasswordAuthenticationRequest request) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        return routing == null ? null : SourceAddress.of(routing.request());
    }
}
