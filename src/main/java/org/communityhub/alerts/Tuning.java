package org.communityhub.alerts;

import java.time.Duration;

/**
 * What can be tuned of a rule, per area subtree or per device ({@link RuleSettings}): whether it
 * runs, the severity it raises, how long its condition must hold ({@code after}, counted within
 * {@code hours}), the delay by night of the no-motion rule ({@code afterAtNight}, by day being
 * {@code after}) and its threshold. A rule reads only some of these ({@link Rule#tunables()}).
 */
public record Tuning(boolean enabled, Severity severity, Duration after, Duration afterAtNight, Double threshold,
        Hours hours) {

    /** Raised at once, any hour. */
    public static Tuning atOnce(Severity severity) {
        return new Tuning(true, severity, Duration.ZERO, null, null, Hours.ALL_DAY);
    }

    /** Raised once the condition held for {@code after}, counted within {@code hours}. */
    public static Tuning after(Severity severity, Duration after, Hours hours) {
        return new Tuning(true, severity, after, null, null, hours);
    }

    public Tuning threshold(double value) {
        return new Tuning(enabled, severity, after, afterAtNight, value, hours);
    }

    public Tuning atNight(Duration value) {
        return new Tuning(enabled, severity, after, value, threshold, hours);
    }
}
