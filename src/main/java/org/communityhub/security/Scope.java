package org.communityhub.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.List;
import org.communityhub.api.ApiException;
import org.communityhub.areas.AreaCode;

/**
 * The area subtrees a caller may see and act in: everything for ADMIN, else the subtrees of the user's
 * area codes (nothing when the user has none). Staff see only their own subtree (MISSION.md §5); an
 * object outside it is answered as absent, so that its existence does not leak.
 */
public record Scope(boolean everything, List<AreaCode> areas) {

    public static Scope of(SecurityIdentity identity) {
        if (identity.hasRole(Role.ADMIN.name())) {
            return new Scope(true, List.of());
        }
        List<String> codes = identity.getAttribute(PasswordIdentityProvider.AREA_CODES);
        return new Scope(false, codes == null ? List.of() : codes.stream().map(AreaCode::of).toList());
    }

    /** Whether the area is in one of the caller's subtrees; an area of no one (null) only for everything. */
    public boolean sees(String areaCode) {
        if (everything) {
            return true;
        }
        if (areaCode == null) {
            return false;
        }
        AreaCode code = AreaCode.of(areaCode);
        return areas.stream().anyMatch(area -> area.contains(code));
    }

    /** Throws the 404 of {@code what} {@code id} unless the caller sees {@code areaCode}. */
    public void require(String areaCode, String what, String id) {
        if (!sees(areaCode)) {
            throw ApiException.notFound(what, id);
        }
    }

    /** The subtree prefixes for a SQL {@code LIKE ANY}, or null when the caller sees everything. */
    public String[] prefixes() {
        return everything ? null : areas.stream().map(area -> area.subtreePrefix() + "%").toArray(String[]::new);
    }
}
