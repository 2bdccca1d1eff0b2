package org.communityhub.alerts;

import java.time.Duration;
import java.time.Instant;
import org.communityhub.areas.AreaCode;

/**
 * Maintenance on an area subtree or on one device: [startsAt, endsAt), and when {@code weekly} the
 * same hours every seven days after, until {@code repeatUntil} (open-ended when null). It silences
 * connectivity and fault alerts in its scope, never life-safety ones, and its time is left out of
 * uptime.
 */
public record MaintenanceWindow(long id, String areaCode, String deviceId, Instant startsAt, Instant endsAt,
        boolean weekly, Instant repeatUntil, String reason, String createdBy, Instant createdAt) {

    private static final Duration WEEK = Duration.ofDays(7);

    /** Whether the device (in area {@code deviceArea}) is in this window's scope. */
    public boolean covers(String device, String deviceArea) {
        return deviceId != null ? deviceId.equals(device) : AreaCode.of(areaCode).contains(AreaCode.of(deviceArea));
    }

    /** Whether the window is on at {@code at}. */
    public boolean activeAt(Instant at) {
        if (at.isBefore(startsAt)) {
            return false;
        }
        if (!weekly) {
            return at.isBefore(endsAt);
        }
        if (repeatUntil != null && !at.isBefore(repeatUntil)) {
            return false;
        }
        long weeks = Duration.between(startsAt, at).toMillis() / WEEK.toMillis();
        Instant start = startsAt.plus(WEEK.multipliedBy(weeks));
        return at.isBefore(start.plus(Duration.between(startsAt, endsAt)));
    }
}
