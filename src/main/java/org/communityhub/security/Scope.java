package org.communityhub.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.List;
import org.communityhub.areas.AreaCode;

/**
 * The area subtrees a caller may see: everything for ADMIN and OPERATOR, else the subtrees of the
 * user's area codes (none when the user has none). Staff see only their own subtree (MISSION.md §5).
 */
public record Scope(boolean everything, List<AreaCode> areas) {

    public static Scope of(SecurityIdentity identity) {
        if (identity.hasRole(Role.ADMIN.name()) || identity.hasRole(Role.OPERATOR.name())) {
            return new Scope(true, List.of());
        }
        List<String> codes = identity.getAttribute(PasswordIdentityProvider.AREA_CODES);
        return new Scope(false, codes == null ? List.of() : codes.stream().map(AreaCode::of).toList());
    }

    public boolean sees(String areaCode) {
        if (everything) {
            return true;
        }
        AreaCode code = AreaCode.of(areaCode);
        return areas.stream().anyMatch(area -> area.contains(code));
    }

    /** The subtree prefixes for a SQL {@code LIKE ANY}, or null when the caller sees everything. */
    public String[] prefixes() {
        return everything ? null : areas.stream().map(area -> area.subtreePrefix() + "%").toArray(String[]::new);
    }
}
