package org.communityhub.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.communityhub.database.Columns;

/** An alert as the API, the live stream, webhooks and MQTT show it. */
public record Alert(long id, String deviceId, String areaCode, String deviceClass, String rule, String type,
        Severity severity, AlertState state, int count, Instant openedAt, Instant updatedAt, String detail,
        String defect, String assignee, String escalatedTo, Instant acknowledgedAt, Instant resolvedAt,
        String resolution, Instant closedAt, Integer rating, String comment) {

    static Alert of(ResultSet row) throws SQLException {
        return new Alert(row.getLong("id"), row.getString("device_id"), row.getString("area_code"),
                row.getString("device_class"), row.getString("rule"), row.getString("type"),
                Severity.valueOf(row.getString("severity")), AlertState.valueOf(row.getString("state")),
                row.getInt("count"), Columns.instant(row, "opened_at"), Columns.instant(row, "updated_at"), row.getString("detail"),
                row.getString("defect"), row.getString("assignee"), row.getString("escalated_to"),
                Columns.instant(row, "acknowledged_at"), Columns.instant(row, "resolved_at"), row.getString("resolution"),
                Columns.instant(row, "closed_at"), (Integer) row.getObject("rating"), row.getString("comment"));
    }
}
