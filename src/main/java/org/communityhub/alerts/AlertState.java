package org.communityhub.alerts;

/**
 * Where an alert is in the plan's closed loop: 发现问题 (OPEN) → 流转交办 (ACKNOWLEDGED, ASSIGNED) →
 * 按责处置 / 结果反馈 (RESOLVED, with a note) → 评价终结 (CLOSED, with an evaluation).
 */
public enum AlertState {
    OPEN, ACKNOWLEDGED, ASSIGNED, RESOLVED, CLOSED;

    /** Still needs a person: at most one such alert per device and rule (the database's constraint). */
    public boolean active() {
        return this == OPEN || this == ACKNOWLEDGED || this == ASSIGNED;
    }
}
