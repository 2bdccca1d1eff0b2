package org.communityhub.areas;

/** Urban or rural, as in the plan's split of 3,176 urban and 9,026 rural communities. */
public enum AreaKind {
    URBAN, RURAL
}
