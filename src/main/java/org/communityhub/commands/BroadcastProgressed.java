package org.communityhub.commands;

/**
 * A broadcast moved on (a unit was sent, accepted, played, failed; it was stopped), with its totals
 * and without its units: pushed to the live stream.
 */
public record BroadcastProgressed(Broadcasts.Broadcast broadcast) {
}
