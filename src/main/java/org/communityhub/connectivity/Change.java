package org.communityhub.connectivity;

import java.time.Instant;

/** A device's connectivity changed at {@code at}, for {@code reason}. */
public record Change(String deviceId, Instant at, LinkState from, LinkState to, Reason reason) {

    /** Why connectivity changed; stored with every change. */
    public enum Reason {
        /** A message arrived from a device not known to be online. */
        MESSAGE,
        /** The device published {@code online} on its status topic. */
        STATUS_ONLINE,
        /** The device, or its will, published {@code offline} on its status topic. */
        STATUS_OFFLINE,
        /** No message within offline-factor × the expected interval. */
        SILENT,
        /** The hub was not running: what happened meanwhile is unknown. */
        HUB_DOWN,
        /** The hub could not store messages and took none: what happened meanwhile is unknown. */
        DATABASE_DOWN
    }
}
