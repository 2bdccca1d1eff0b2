package org.communityhub.alerts;

/**
 * Where an alert is in the plan's closed loop: 发现问题 (OPEN) → 流转交办 (ACKNOWLEDGED, ASSIGNED) →
 * 按责处置 / 结果反馈 (RESOLVED, with a note) → 评价终结 (CLOSED, with an evaluation).
 */
public enum AlertState {
    /** Still needs a person: at most one alert per device and rule is in one of these (the database's constraint). */
    OPEN, ACKNOWLEDGED, ASSIGNED,
    /** Handled: the note says how; a person closes it with an evaluation, or it reopens. */
    RESOLVED,
    /** Evaluated and done. */
    CLOSED
}
