package org.communityhub.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Checks HTTP Basic credentials against the users table: bcrypt, unless the same password matched the
 * same stored hash recently ({@link VerifiedCredentials}). Roles and areas are read fresh every time.
 */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Attribute of the identity holding the area codes whose subtrees the user may see. */
    public static final String AREA_CODES = "areaCodes";

    /** Checked when the user does not exist, so that a wrong name costs as long as a wrong password. */
    private final String unknownUserHash;

    private final Users users;
    private final VerifiedCredentials credentials;

    PasswordIdentityProvider(Users users, VerifiedCredentials credentials, SecurityConfig config) {
        this.users = users;
        this.credentials = credentials;
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
            String password = new String(request.getPassword().getPassword());
            Optional<User> user = users.find(request.getUsername());
            String hash = user.map(User::passwordHash).orElse(unknownUserHash);
            boolean matches = user.isPresent() && credentials.verified(request.getUsername(), password, hash)
                    || BcryptUtil.matches(password, hash);
            if (user.isEmpty() || !matches) {
                throw new AuthenticationFailedException("wrong username or password");
            }
            credentials.remember(request.getUsername(), password, hash);
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.get().username()))
                    .addAttribute(AREA_CODES, user.get().areaCodes());
            user.get().roles().forEach(role -> identity.addRole(role.name()));
            return identity.build();
        });
    }
}
