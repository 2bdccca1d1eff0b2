package org.communityhub.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.communityhub.alerts.Hours;
import org.communityhub.connectivity.LinkState;

/**
 * Time-weighted accounting of one device over a period, exact to the microsecond at every edge: the
 * period is cut at each transition, maintenance and deafness edge, installation and
 * decommissioning, and each piece goes to one part of the {@link Accounting}, by precedence:
 * <ol>
 * <li>outside the device's active life [activeFrom, activeUntil), or outside the hours counted:
 * excluded;</li>
 * <li>inside a maintenance window: maintenance;</li>
 * <li>while the hub could not hear (an interval of {@code deaf}): unknown, whatever the device's
 * state says;</li>
 * <li>else the device's state then: online, offline, or unknown (no data yet).</li>
 * </ol>
 * The state at the period's start is the last one before it ({@code initial}; UNKNOWN when the
 * device has never been heard of). docs/uptime.md has the rules with examples.
 */
public final class UptimeCalculator {

    /** A device's state changed to {@code to} at {@code at}. */
    public record Transition(Instant at, LinkState to) {
    }

    /**
     * What is known of one device: its active life ({@code activeUntil} null while active), its
     * state before the period, and its transitions in time order.
     */
    public record History(Instant activeFrom, Instant activeUntil, LinkState initial, List<Transition> transitions) {
    }

    private UptimeCalculator() {
    }

    public static Accounting account(Interval period, History device, List<Interval> maintenance,
            List<Interval> deaf, Hours hours) {
        if (!period.end().isAfter(period.start())) {
            return Accounting.NONE;
        }
        TreeSet<Instant> cuts = new TreeSet<>();
        cuts.add(period.start());
        cuts.add(period.end());
        cut(cuts, period, device.activeFrom());
        cut(cuts, period, device.activeUntil());
        device.transitions().forEach(t -> cut(cuts, period, t.at()));
        for (List<Interval> intervals : List.of(maintenance, deaf)) {
            for (Interval interval : intervals) {
                cut(cuts, period, interval.start());
                cut(cuts, period, interval.end());
            }
        }
        Accounting accounting = Accounting.NONE;
        int next = 0;
        LinkState state = device.initial() == null ? LinkState.UNKNOWN : device.initial();
        Instant from = null;
        for (Instant to : cuts) {
            if (from != null) {
                while (next < device.transitions().size() && !device.transitions().get(next).at().isAfter(from)) {
                    state = device.transitions().get(next++).to();
                }
                Duration counted = hours.within(from, to);
                accounting = accounting.add(part(from, device, state, maintenance, deaf), counted)
                        .add(Accounting.Part.EXCLUDED, Duration.between(from, to).minus(counted));
            }
            from = to;
        }
        return accounting;
    }

    private static Accounting.Part part(Instant at, History device, LinkState state, List<Interval> maintenance,
            List<Interval> deaf) {
        if (device.activeFrom() != null && at.isBefore(device.activeFrom())
                || device.activeUntil() != null && !at.isBefore(device.activeUntil())) {
            return Accounting.Part.EXCLUDED;
        }
        if (maintenance.stream().anyMatch(m -> m.contains(at))) {
            return Accounting.Part.MAINTENANCE;
        }
        if (deaf.stream().anyMatch(d -> d.contains(at))) {
            return Accounting.Part.UNKNOWN;
        }
        return switch (state) {
            case ONLINE -> Accounting.Part.ONLINE;
            case OFFLINE -> Accounting.Part.OFFLINE;
            case UNKNOWN -> Accounting.Part.UNKNOWN;
        };
    }

    private static void cut(TreeSet<Instant> cuts, Interval period, Instant at) {
        if (at != null && at.isAfter(period.start()) && at.isBefore(period.end())) {
            cuts.add(at);
        }
    }
}
