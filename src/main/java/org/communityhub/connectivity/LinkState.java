package org.communityhub.connectivity;

/** A device's connectivity as the hub judges it from the data it receives. */
public enum LinkState {
    ONLINE, OFFLINE,
    /** The hub had no way to know: it was not running, or not taking messages. */
    UNKNOWN
}
