package org.communityhub.alerts;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import org.communityhub.database.Columns;
import org.communityhub.api.ApiException;
import org.communityhub.security.Scope;

/** What people do to an alert: one step of the closed loop, checked, stored with its trail, then published. */
@ApplicationScoped
public class AlertActions {

    /** The request of one action: {@code assignee}, {@code note}/{@code reason} and {@code rating}/{@code comment} as the action needs. */
    public record Request(String assignee, String note, String reason, Integer rating, String comment) {
    }

    private static final String UPDATE = """
            UPDATE alerts SET state = ?, updated_at = ?, acknowledged_at = ?, assignee = ?, resolved_at = ?,
                              resolution = ?, closed_at = ?, rating = ?, comment = ?, escalated_to = ?
             WHERE id = ? RETURNING *
            """;

    private final AgroalDataSource dataSource;
    private final AlertStore store;
    private final AlertPublisher publisher;
    private final AlertClock clock;

    AlertActions(AgroalDataSource dataSource, AlertStore store, AlertPublisher publisher, AlertClock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    Alert act(long id, Lifecycle action, Request request, String user, Scope scope) throws SQLException {
        AlertChanged change;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Alert alert = store.find(connection, id, true).filter(a -> scope.sees(a.areaCode()))
                        .orElseThrow(() -> ApiException.notFound("alert", Long.toString(id)));
                action.refusal(alert.state()).ifPresent(reason -> {
                    throw ApiException.conflict(reason);
                });
                String detail = detail(action, request);
                Instant now = clock.now();
                Alert next = store.updated(connection, UPDATE, applied(alert, action, request, user, now));
                change = store.trail(connection, next, action.past(), user, alert.state(), now, detail,
                        next.areaCode());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if ("23505".equals(e.getSQLState())) {
                    throw ApiException.conflict("the device has another active alert of this rule: resolve or close"
                            + " that one instead of reopening this one");
                }
                throw e;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        publisher.publish(change);
        return change.alert();
    }

    private static String detail(Lifecycle action, Request request) {
        return switch (action) {
            case ACK -> null;
            case ASSIGN -> {
                require("assignee", request.assignee());
                yield "assigned to " + request.assignee();
            }
            case RESOLVE -> require("note", request.note());
            case CLOSE -> {
                if (request.rating() == null || request.rating() < 1 || request.rating() > 5) {
                    throw ApiException.invalid("rating", "must be a whole number from 1 to 5");
                }
                yield "rated " + request.rating()
                        + (blank(request.comment()) ? "" : ": " + text("comment", request.comment()));
            }
            case REOPEN -> require("reason", request.reason());
        };
    }

    private static Alert applied(Alert a, Lifecycle action, Request request, String user, Instant now) {
        return switch (action) {
            case ACK -> new Alert(a.id(), a.deviceId(), a.areaCode(), a.deviceClass(), a.rule(), a.type(), a.severity(),
                    action.to(), a.count(), a.openedAt(), now, a.detail(), a.defect(), a.assignee(), a.escalatedTo(),
                    now, a.resolvedAt(), a.resolution(), a.closedAt(), a.rating(), a.comment());
            case ASSIGN -> new Alert(a.id(), a.deviceId(), a.areaCode(), a.deviceClass(), a.rule(), a.type(),
                    a.severity(), action.to(), a.count(), a.openedAt(), now, a.detail(), a.defect(), request.assignee(),
                    a.escalatedTo(), a.acknowledgedAt() == null ? now : a.acknowledgedAt(), a.resolvedAt(),
                    a.resolution(), a.closedAt(), a.rating(), a.comment());
            case RESOLVE -> new Alert(a.id(), a.deviceId(), a.areaCode(), a.deviceClass(), a.rule(), a.type(),
                    a.severity(), action.to(), a.count(), a.openedAt(), now, a.detail(), a.defect(), a.assignee(),
                    a.escalatedTo(), a.acknowledgedAt(), now, request.note(), a.closedAt(), a.rating(), a.comment());
            case CLOSE -> new Alert(a.id(), a.deviceId(), a.areaCode(), a.deviceClass(), a.rule(), a.type(),
                    a.severity(), action.to(), a.count(), a.openedAt(), now, a.detail(), a.defect(), a.assignee(),
                    a.escalatedTo(), a.acknowledgedAt(), a.resolvedAt(), a.resolution(), now, request.rating(),
                    request.comment());
            case REOPEN -> new Alert(a.id(), a.deviceId(), a.areaCode(), a.deviceClass(), a.rule(), a.type(),
                    a.severity(), action.to(), a.count(), a.openedAt(), now, a.detail(), a.defect(), null, null,
                    null, null, null, null, null, null);
        };
    }

    private static String require(String field, String value) {
        if (blank(value)) {
            throw ApiException.invalid(field, "is required");
        }
        return text(field, value);
    }

    /** Free text a person wrote: at most 4,000 characters, none that the database cannot store. */
    private static String text(String field, String value) {
        if (value.length() > 4000) {
            throw ApiException.invalid(field, "must be at most 4000 characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "must not contain U+0000");
        }
        return value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static void bind(PreparedStatement statement, Alert alert) throws SQLException {
        statement.setString(1, alert.state().name());
        statement.setTimestamp(2, Timestamp.from(alert.updatedAt()));
        Columns.setInstant(statement, 3, alert.acknowledgedAt());
        statement.setString(4, alert.assignee());
        Columns.setInstant(statement, 5, alert.resolvedAt());
        statement.setString(6, alert.resolution());
        Columns.setInstant(statement, 7, alert.closedAt());
        if (alert.rating() == null) {
            statement.setNull(8, Types.SMALLINT);
        } else {
            statement.setInt(8, alert.rating());
        }
        statement.setString(9, alert.comment());
        statement.setString(10, alert.escalatedTo());
        statement.setLong(11, alert.id());
    }
}
