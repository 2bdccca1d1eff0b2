package org.communityhub.reports;

import java.time.Instant;

/** A span of time [start, end); empty when end is not after start. */
public record Interval(Instant start, Instant end) {

    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }
}
