package org.communityhub.alerts;

import java.util.Set;
import java.util.TreeSet;
import org.communityhub.connectivity.LinkState;
import org.communityhub.devices.DeviceClass;

/**
 * Raised when a telemetry value has been wrong for {@code after} (counted within {@code hours}; zero
 * raises it with the reading), resolved by the first reading in which it is right again. The event
 * {@code alsoHeldBy}, when given, makes the condition hold as well (LOW_BATTERY beside
 * {@code batteryPct}). A reading without the field changes nothing. While the device is UNKNOWN (the
 * hub could not hear) the timing pauses: that time is not counted, and the next wrong reading
 * resumes it.
 */
public record ValueRule(DeviceClass deviceClass, String type, Tuning tuning, Check check, String alsoHeldBy)
        implements Rule {

    /** What is wrong with a reading. */
    public sealed interface Check {
        /** Whether the reading is wrong, or null when it does not carry what this looks at. */
        Boolean wrong(Seen.Reading reading, Double threshold);

        String describe(Double threshold);

        default boolean usesThreshold() {
            return false;
        }
    }

    /** The field holds one of {@code values}. */
    public record OneOf(String field, Set<String> values) implements Check {
        @Override
        public Boolean wrong(Seen.Reading reading, Double threshold) {
            Object value = reading.value(field);
            return value == null ? null : values.contains(value);
        }

        @Override
        public String describe(Double threshold) {
            return field + " is " + String.join(" or ", new TreeSet<>(values));
        }
    }

    /** The field is true or false as {@code value}. */
    public record Is(String field, boolean value) implements Check {
        @Override
        public Boolean wrong(Seen.Reading reading, Double threshold) {
            Object actual = reading.value(field);
            return actual == null ? null : actual.equals(value);
        }

        @Override
        public String describe(Double threshold) {
            return field + " is " + value;
        }
    }

    /** The number is above the threshold ({@code above}) or below it. */
    public record Beyond(String field, boolean above) implements Check {
        @Override
        public Boolean wrong(Seen.Reading reading, Double threshold) {
            Object value = reading.value(field);
            if (value == null) {
                return null;
            }
            double number = ((Number) value).doubleValue();
            return above ? number > threshold : number < threshold;
        }

        @Override
        public String describe(Double threshold) {
            return field + (above ? " above " : " under ") + threshold;
        }

        @Override
        public boolean usesThreshold() {
            return true;
        }
    }

    /** {@code part} is at least the threshold's percentage of {@code whole} (occupied compartments of all). */
    public record ShareAtLeast(String part, String whole) implements Check {
        @Override
        public Boolean wrong(Seen.Reading reading, Double threshold) {
            Object numerator = reading.value(part);
            Object denominator = reading.value(whole);
            if (numerator == null || denominator == null || ((Number) denominator).doubleValue() <= 0) {
                return null;
            }
            return 100 * ((Number) numerator).doubleValue() / ((Number) denominator).doubleValue() >= threshold;
        }

        @Override
        public String describe(Double threshold) {
            return part + " at or above " + threshold + " % of " + whole;
        }

        @Override
        public boolean usesThreshold() {
            return true;
        }
    }

    public static ValueRule of(DeviceClass deviceClass, String type, Tuning tuning, Check check) {
        return new ValueRule(deviceClass, type, tuning, check, null);
    }

    @Override
    public Rule tuned(Tuning tuning) {
        return new ValueRule(deviceClass, type, tuning, check, alsoHeldBy);
    }

    @Override
    public Set<String> tunables() {
        return check.usesThreshold() ? Set.of("enabled", "severity", "after", "hours", "threshold")
                : Set.of("enabled", "severity", "after", "hours");
    }

    @Override
    public Step on(Seen seen) {
        if (seen instanceof Seen.Link link) {
            return link.state() == LinkState.UNKNOWN ? new Step.Pause(link.at()) : Step.NONE;
        }
        if (seen instanceof Seen.Event event && alsoHeldBy != null && event.is(alsoHeldBy)) {
            return new Step.Hold(event.at(), () -> "the device reported " + alsoHeldBy);
        }
        if (!(seen instanceof Seen.Reading reading)) {
            return Step.NONE;
        }
        Boolean wrong = check.wrong(reading, tuning.threshold());
        if (wrong == null) {
            return Step.NONE;
        }
        return wrong
                ? new Step.Hold(reading.at(), () -> check.describe(tuning.threshold()) + " (reading of "
                        + reading.reading().ts() + ")")
                : new Step.Clear(() -> "no longer " + check.describe(tuning.threshold()) + " (reading of "
                        + reading.reading().ts() + ")");
    }

    @Override
    public String describe() {
        return check.describe(tuning.threshold())
                + (tuning.after().isZero() ? "" : " for " + tuning.after() + " (counted " + tuning.hours() + ")")
                + (alsoHeldBy == null ? "" : ", or a " + alsoHeldBy + " event");
    }
}
