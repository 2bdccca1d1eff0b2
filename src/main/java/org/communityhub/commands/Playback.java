package org.communityhub.commands;

import java.time.Instant;
import java.util.UUID;

/**
 * A broadcast unit's PLAYBACK_STARTED ({@code ended} false) or PLAYBACK_ENDED carrying the
 * {@code commandId} of the PLAY it answers, received at {@code receivedAt}: a unit's confirmation that
 * the message was heard (docs/broadcasts.md).
 */
public record Playback(UUID commandId, String deviceId, boolean ended, Instant receivedAt) implements CommandProgress {
}
