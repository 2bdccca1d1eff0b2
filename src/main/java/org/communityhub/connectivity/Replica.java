package org.communityhub.connectivity;

import java.time.Instant;

/**
 * One hub replica of those sharing the device stream, as it last wrote itself down (table
 * {@code hub_replicas}).
 *
 * @param clientId   its MQTT client id: its broker session, and what queues there while it is away
 * @param membership whether the broker still sends it a share of the stream
 * @param deafness   why it could not hear when it last wrote, or null while it heard
 * @param since      when that deafness, or that hearing, began
 * @param heardUntil everything the broker queued for it before this is committed
 * @param aliveAt    when it last wrote itself down
 */
public record Replica(String clientId, Membership membership, Change.Reason deafness, Instant since,
        Instant heardUntil, Instant aliveAt) {

    public enum Membership {
        /** Subscribed: the broker sends it a share, and queues that share while it is away. */
        MEMBER,
        /** Unsubscribed and draining what the broker had already queued for it. */
        LEAVING,
        /** Unsubscribed and drained: nothing reaches it or waits for it. */
        LEFT
    }
}
