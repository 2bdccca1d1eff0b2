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
        /** The hub was not running (or had not yet joined the broker): what happened meanwhile is unknown. */
        HUB_DOWN,
        /** The hub had no connection to the broker: what happened meanwhile is unknown. */
        BROKER_DOWN,
        /** The hub could not store messages and took none: what happened meanwhile is unknown. */
        DATABASE_DOWN,
        /**
         * The hub can hear again and is draining what the broker queued meanwhile: a message arriving
         * now may be minutes old, so silence cannot be judged until the backlog is drained.
         */
        CATCHING_UP,
        /**
         * Several replicas share the stream and one of them had not received its share up to this
         * time (it was away, or catching up): the device's messages may be waiting for it.
         */
        REPLICA_BEHIND
    }
}
