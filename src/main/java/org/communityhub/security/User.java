package org.communityhub.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.List;
import java.util.Set;

/** A person who uses the API, with the roles they hold and the area subtrees they may see. */
public record User(String username, String passwordHash, Set<Role> roles, List<String> areaCodes) {

    /** The user as Quarkus security sees a signed-in caller: their roles, and their areas as an attribute. */
    SecurityIdentity identity() {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addAttribute(PasswordIdentityProvider.AREA_CODES, areaCodes);
        roles.forEach(role -> identity.addRole(role.name()));
        return identity.build();
    }
}
