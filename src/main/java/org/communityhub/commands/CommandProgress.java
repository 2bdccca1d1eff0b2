package org.communityhub.commands;

/**
 * What a device reports of a command it was sent, parsed at the edge: an answer on
 * {@code command/ack}, or a broadcast unit's playback event naming the PLAY it plays. Applied in the
 * ingestion's transaction ({@link CommandAcks}).
 */
public sealed interface CommandProgress permits CommandAck, Playback {
}
