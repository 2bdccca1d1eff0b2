package org.communityhub.security;

/** What a user may do; the role names are the names {@code @RolesAllowed} checks. */
public enum Role {
    /** Manages users and everything else. */
    ADMIN,
    /** Runs the hub: registry, areas, maintenance. */
    OPERATOR,
    /** Community duty staff: handles the alerts of their areas. */
    DUTY_STAFF,
    /** Street to province officials: read reports of their areas. */
    OFFICIAL
}
