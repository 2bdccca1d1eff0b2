package org.communityhub.alerts;

import java.time.Instant;
import java.util.Set;
import org.communityhub.devices.DeviceClass;

/**
 * One alert rule of one device class: what it watches ({@link #on}), when its condition is due
 * ({@link #due}), and what can be tuned of it ({@link #tuning()}). The defaults are listed in one
 * place, {@link Rules}; docs/alerts.md describes each.
 */
public sealed interface Rule permits EventRule, ValueRule, OfflineRule, OverdueRule, NoMotionRule,
        NotConfirmedRule {

    /** Tuning fields every rule reads. */
    Set<String> ALWAYS = Set.of("enabled", "severity");

    DeviceClass deviceClass();

    /** The alert type it raises, such as {@code OFFLINE} or {@code SOS}. */
    String type();

    Tuning tuning();

    /** The same rule with other tuning (an area's or a device's settings). */
    Rule tuned(Tuning tuning);

    /** The tuning fields this rule reads; settings of any other are refused. */
    Set<String> tunables();

    /** What {@code seen}, of a device of this rule's class, means for this rule. */
    Step on(Seen seen);

    /** The rule's id: its class and type, such as {@code KIOSK_OFFLINE}. */
    default String id() {
        return deviceClass().name() + "_" + type();
    }

    /** Whether a condition held as {@code condition} is due to raise its alert at {@code now}. */
    default boolean due(Condition condition, Instant now) {
        return condition.counted(tuning().hours(), now).compareTo(tuning().after()) >= 0;
    }

    /** A person may be in danger: no maintenance window silences it. */
    default boolean lifeSafety() {
        return false;
    }

    /** One sentence for people: what raises it, as tuned. */
    String describe();
}
