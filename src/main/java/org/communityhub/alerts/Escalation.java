package org.communityhub.alerts;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.communityhub.areas.AreaCode;

/**
 * A CRITICAL alert nobody acknowledged within {@code escalate-after} goes to the parent of its area,
 * and after each further {@code escalate-after} to the next, up to the province: each step is in the
 * alert's trail and on the stream of the area it reached.
 */
@ApplicationScoped
public class Escalation {

    private final AgroalDataSource dataSource;
    private final AlertStore store;
    private final AlertsConfig config;

    Escalation(AgroalDataSource dataSource, AlertStore store, AlertsConfig config) {
        this.dataSource = dataSource;
        this.store = store;
        this.config = config;
    }

    /** The area an alert escalates to next at {@code now}, if it is due to. */
    static Optional<AreaCode> next(Alert alert, Instant now, java.time.Duration after) {
        AreaCode reached = AreaCode.of(alert.escalatedTo() != null ? alert.escalatedTo() : alert.areaCode());
        int steps = 0;
        for (AreaCode at = AreaCode.of(alert.areaCode()); !at.equals(reached); at = at.parent().orElseThrow()) {
            steps++;
        }
        Instant due = alert.openedAt().plus(after.multipliedBy(steps + 1L));
        return now.isBefore(due) ? Optional.empty() : reached.parent();
    }

    void escalate(Instant now, AlertPublisher publisher) throws SQLException {
        List<AlertChanged> changes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Alert> candidates = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(AlertQueries.UNACKNOWLEDGED_CRITICAL)) {
                    statement.setTimestamp(1, Timestamp.from(now.minus(config.escalateAfter())));
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            candidates.add(Alert.of(row));
                        }
                    }
                }
                for (Alert alert : candidates) {
                    Optional<AreaCode> target = next(alert, now, config.escalateAfter());
                    if (target.isPresent()) {
                        escalate(connection, alert, target.get(), now).ifPresent(changes::add);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        changes.forEach(publisher::publish);
    }

    private Optional<AlertChanged> escalate(Connection connection, Alert alert, AreaCode target, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertQueries.ESCALATE)) {
            statement.setString(1, target.value());
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setLong(3, alert.id());
            statement.setString(4, alert.escalatedTo());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty(); // acknowledged, or escalated by another replica, meanwhile
                }
                Alert escalated = Alert.of(row);
                return Optional.of(store.trail(connection, escalated, "ESCALATED", "hub", AlertState.OPEN, now,
                        "not acknowledged since " + alert.openedAt() + "; escalated to " + target, target.value()));
            }
        }
    }
}
