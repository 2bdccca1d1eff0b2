package org.communityhub.alerts;

import java.util.Optional;
import java.util.Set;

/**
 * The closed loop as a table: which action a person may take in which state, and the state it
 * leads to. Anything else is refused with the reason (409).
 */
public enum Lifecycle {
    ACK(Set.of(AlertState.OPEN), AlertState.ACKNOWLEDGED),
    ASSIGN(Set.of(AlertState.OPEN, AlertState.ACKNOWLEDGED, AlertState.ASSIGNED), AlertState.ASSIGNED),
    RESOLVE(Set.of(AlertState.OPEN, AlertState.ACKNOWLEDGED, AlertState.ASSIGNED), AlertState.RESOLVED),
    CLOSE(Set.of(AlertState.RESOLVED), AlertState.CLOSED),
    REOPEN(Set.of(AlertState.RESOLVED, AlertState.CLOSED), AlertState.OPEN);

    private final Set<AlertState> from;
    private final AlertState to;

    Lifecycle(Set<AlertState> from, AlertState to) {
        this.from = from;
        this.to = to;
    }

    public AlertState to() {
        return to;
    }

    /** The action named in a URL ({@code ack}, {@code assign}, …). */
    public static Optional<Lifecycle> named(String name) {
        for (Lifecycle action : values()) {
            if (action.name().equalsIgnoreCase(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** Why the action is not allowed in {@code state}, or empty when it is. */
    public Optional<String> refusal(AlertState state) {
        if (from.contains(state)) {
            return Optional.empty();
        }
        return Optional.of(name().toLowerCase() + " is allowed on an alert that is "
                + String.join(" or ", from.stream().map(Enum::name).sorted().toList()) + "; this one is " + state);
    }

    /** The trail's name for the step. */
    public String past() {
        return switch (this) {
            case ACK -> "ACKNOWLEDGED";
            case ASSIGN -> "ASSIGNED";
            case RESOLVE -> "RESOLVED";
            case CLOSE -> "CLOSED";
            case REOPEN -> "REOPENED";
        };
    }
}
