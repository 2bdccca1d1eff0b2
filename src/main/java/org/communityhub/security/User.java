package org.communityhub.security;

import java.util.List;
import java.util.Set;

/** A person who uses the API, with the roles they hold and the area subtrees they may see. */
public record User(String username, String passwordHash, Set<Role> roles, List<String> areaCodes) {
}
