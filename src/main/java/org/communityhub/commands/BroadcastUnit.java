package org.communityhub.commands;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One unit of a broadcast: where its PLAY stands, from its command and its playback events, and why
 * it did not play when it did not.
 */
public record BroadcastUnit(String deviceId, UUID commandId, Progress state, String reason, Instant sentAt,
        Instant acceptedAt, Instant startedAt, Instant playedAt) {

    /** Where a unit is, from least to most done; FAILED and NOT_REACHED are the ends that did not play. */
    public enum Progress { NOT_REACHED, SENT, ACCEPTED, PLAYING, PLAYED, FAILED }

    /** The figures of a broadcast, as the API gives them. */
    public record Totals(int targeted, int sent, int accepted, int playing, int played, int failed, int notReached) {

        static Totals of(List<BroadcastUnit> units) {
            int sent = 0;
            int accepted = 0;
            int playing = 0;
            int played = 0;
            int failed = 0;
            int notReached = 0;
            for (BroadcastUnit unit : units) {
                sent += unit.sentAt() != null ? 1 : 0;
                accepted += unit.acceptedAt() != null ? 1 : 0;
                switch (unit.state()) {
                    case PLAYING -> playing++;
                    case PLAYED -> played++;
                    case FAILED -> failed++;
                    case NOT_REACHED -> notReached++;
                    default -> {
                    }
                }
            }
            return new Totals(units.size(), sent, accepted, playing, played, failed, notReached);
        }
    }

    /**
     * Judges one unit. {@code command} is its PLAY's state; {@code unconfirmedAt} when the hub gave up
     * waiting for its playback and raised BROADCAST_NOT_CONFIRMED; {@code connectivity} and
     * {@code since} its link now (null when the hub never heard of it).
     */
    static BroadcastUnit judge(String deviceId, UUID commandId, String command, String detail, Instant sentAt,
            Instant acceptedAt, Instant startedAt, Instant playedAt, Instant unconfirmedAt, String connectivity,
            Instant since) {
        Progress state;
        String reason = null;
        if (playedAt != null || "DONE".equals(command)) {
            state = Progress.PLAYED;
        } else if (startedAt != null) {
            state = Progress.PLAYING;
        } else {
            switch (command) {
                case "FAILED" -> {
                    state = Progress.FAILED;
                    reason = "failed" + (detail == null ? "" : ": " + detail);
                }
                case "REJECTED" -> {
                    state = Progress.FAILED;
                    reason = "rejected" + (detail == null ? "" : ": " + detail);
                }
                case "ACCEPTED" -> {
                    state = Progress.ACCEPTED;
                    reason = "accepted, playback not confirmed yet";
                }
                case "SENT" -> {
                    state = Progress.SENT;
                    reason = "sent, no answer yet";
                }
                default -> { // PENDING, or EXPIRED before it was sent
                    state = Progress.NOT_REACHED;
                    String link = connectivity == null ? "never heard from"
                            : connectivity.toLowerCase() + (since == null ? "" : " since " + since);
                    reason = "EXPIRED".equals(command) && detail != null && detail.contains("stopped")
                            ? "not reached: the broadcast was stopped first (" + link + ")"
                            : "EXPIRED".equals(command) ? "not reached before the expiry (" + link + ")"
                            : "not reached yet: " + link;
                }
            }
        }
        if (unconfirmedAt != null && state != Progress.PLAYING && state != Progress.PLAYED) {
            reason += "; no confirmation (BROADCAST_NOT_CONFIRMED raised at " + unconfirmedAt + ")";
        }
        return new BroadcastUnit(deviceId, commandId, state, reason, sentAt, acceptedAt, startedAt, playedAt);
    }
}
