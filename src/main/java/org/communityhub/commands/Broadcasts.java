package org.communityhub.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.communityhub.api.Filters;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.areas.AreaCode;
import org.communityhub.reports.GroupBy;
import org.communityhub.database.Columns;

/** Broadcasts: created with one PLAY command per unit in one transaction, read with each unit's progress. */
@ApplicationScoped
public class Broadcasts {

    /** A broadcast as asked for; {@code capSender} and {@code capIdentifier} when a CAP alert asked. */
    public record Request(AreaCode area, String text, String clip, Priority priority, Integer volumePct, int repeat,
            Instant expiresAt, String capSender, String capIdentifier) {
    }

    /** How urgent a broadcast is; drills are kept apart from real warnings. */
    public enum Priority { EMERGENCY, DRILL, NOTICE }

    /** A broadcast with its figures and its units (neither in a list). */
    public record Broadcast(long id, String areaCode, String text, String clip, Priority priority, Integer volumePct,
            int repeat, Instant expiresAt, String state, Instant createdAt, String createdBy, Instant stoppedAt,
            String stoppedBy, @JsonInclude(JsonInclude.Include.NON_NULL) BroadcastUnit.Totals totals,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<BroadcastUnit> units) {

        /** The same, with its totals but not its units (what the live stream carries). */
        public Broadcast withoutUnits() {
            return new Broadcast(id, areaCode, text, clip, priority, volumePct, repeat, expiresAt, state, createdAt,
                    createdBy, stoppedAt, stoppedBy, totals, null);
        }

        private static Broadcast read(ResultSet row, List<BroadcastUnit> units) throws SQLException {
            return new Broadcast(row.getLong("id"), row.getString("area_code"), row.getString("text"),
                    row.getString("clip"), Priority.valueOf(row.getString("priority")), (Integer) row.getObject("volume_pct"),
                    row.getInt("repeat"), Columns.instant(row, "expires_at"), row.getString("state"),
                    Columns.instant(row, "created_at"), row.getString("created_by"), Columns.instant(row, "stopped_at"),
                    row.getString("stopped_by"), units == null ? null : BroadcastUnit.Totals.of(units), units);
        }
    }

    /**
     * Which broadcasts a list shows: those of {@code priority}, or without one the real warnings only
     * (drills are kept apart); {@code within}: the caller's subtree prefixes (null: everything).
     */
    public record Filter(Priority priority, AreaCode area, String state, Instant from, Instant to, String[] within) {
    }

    /**
     * How one area did in a broadcast (or the whole broadcast, {@code areaCode} null): units targeted,
     * units that played, their share, and the seconds from the broadcast until 95 % of the targeted
     * had played (null when that share was not reached).
     */
    public record AreaFigures(String areaCode, String areaName, int targeted, int played, Double playedShare,
            Double secondsTo95Pct) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    Broadcasts(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Creates the broadcast and its PLAY commands; returns its id. */
    long create(Request request, String user) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ObjectNode params = json.createObjectNode();
        if (request.text() != null) {
            params.put("text", request.text());
        } else {
            params.put("clip", request.clip());
        }
        if (request.volumePct() != null) {
            params.put("volumePct", request.volumePct());
        }
        params.put("repeat", request.repeat());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement statement = connection.prepareStatement(BroadcastQueries.CREATE)) {
                    statement.setString(1, request.area().value());
                    statement.setString(2, request.text());
                    statement.setString(3, request.clip());
                    statement.setString(4, request.priority().name());
                    if (request.volumePct() == null) {
                        statement.setNull(5, Types.INTEGER);
                    } else {
                        statement.setInt(5, request.volumePct());
                    }
                    statement.setInt(6, request.repeat());
                    statement.setTimestamp(7, Timestamp.from(request.expiresAt()));
                    statement.setTimestamp(8, Timestamp.from(now));
                    statement.setString(9, user);
                    statement.setString(10, request.capSender());
                    statement.setString(11, request.capIdentifier());
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        id = row.getLong(1);
                    }
                }
                try (PreparedStatement statement = connection.prepareStatement(BroadcastQueries.FAN_OUT)) {
                    statement.setString(1, params.toString());
                    statement.setTimestamp(2, Timestamp.from(now));
                    statement.setString(3, user);
                    statement.setTimestamp(4, Timestamp.from(request.expiresAt()));
                    statement.setLong(5, id);
                    statement.setString(6, request.area().subtreePrefix() + "%");
                    statement.executeUpdate();
                }
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The active broadcasts that CAP alerts with these references dispatched. */
    List<Long> fromCap(List<CapAlert.Reference> references) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BroadcastQueries.FROM_CAP)) {
            for (CapAlert.Reference reference : references) {
                statement.setString(1, reference.sender());
                statement.setString(2, reference.identifier());
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        ids.add(row.getLong(1));
                    }
                }
            }
        }
        return ids;
    }

    boolean areaExists(String code) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM areas WHERE code = ?")) {
            statement.setString(1, code);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    Optional<Broadcast> find(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(BroadcastQueries.FIND)) {
                statement.setLong(1, id);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(Broadcast.read(row, units(connection, id))) : Optional.empty();
                }
            }
        }
    }

    /** The broadcast as stored, without its units and totals: enough to know where it is and what. */
    Optional<Broadcast> stored(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BroadcastQueries.FIND)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(Broadcast.read(row, null)) : Optional.empty();
            }
        }
    }

    /** A page of broadcasts, newest first, without their units. */
    Listing<Broadcast> list(Filter filter, Paging paging) throws SQLException {
        Object[] filters = {filter.priority() == null ? null : filter.priority().name(),
            filter.priority() == null ? Priority.DRILL.name() : null,
            filter.area() == null ? null : filter.area().subtreePrefix() + "%", filter.state(), filter.from(),
            filter.to(), filter.within()};
        try (Connection connection = dataSource.getConnection()) {
            return Filters.page(connection, BroadcastQueries.LIST, BroadcastQueries.COUNT, filters, paging,
                    row -> Broadcast.read(row, null));
        }
    }

    /** The broadcast's figures per area of {@code level} (the first row: the whole broadcast). */
    List<AreaFigures> report(long id, GroupBy level) throws SQLException {
        List<AreaFigures> figures = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BroadcastQueries.REPORT)) {
            statement.setInt(1, level.digits());
            statement.setLong(2, id);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    int targeted = row.getInt("targeted");
                    int played = row.getInt("played");
                    java.math.BigDecimal to95 = row.getBigDecimal("seconds_to_95");
                    figures.add(new AreaFigures(row.getBoolean("whole") ? null : row.getString("area"),
                            row.getString("name"), targeted, played,
                            targeted == 0 ? null : Math.round(1000.0 * played / targeted) / 1000.0,
                            to95 == null ? null : Math.round(to95.doubleValue() * 10) / 10.0));
                }
            }
        }
        return figures;
    }

    /**
     * Stops the broadcast: PLAY commands not sent yet never will be, and every unit whose PLAY went out
     * and has not ended gets a STOP expiring at {@code stopExpiresAt}, in one transaction. Returns how
     * many STOPs were queued, or empty when it was stopped already.
     */
    Optional<Integer> stop(long id, String user, Instant stopExpiresAt) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement stop = connection.prepareStatement(BroadcastQueries.STOP);
                    PreparedStatement cancel = connection.prepareStatement(BroadcastQueries.CANCEL_WAITING);
                    PreparedStatement stops = connection.prepareStatement(BroadcastQueries.STOP_PLAYING)) {
                stop.setTimestamp(1, Timestamp.from(now));
                stop.setString(2, user);
                stop.setLong(3, id);
                if (stop.executeUpdate() == 0) {
                    connection.rollback();
                    return Optional.empty();
                }
                cancel.setTimestamp(1, Timestamp.from(now));
                cancel.setLong(2, id);
                cancel.executeUpdate();
                stops.setTimestamp(1, Timestamp.from(now));
                stops.setString(2, user);
                stops.setTimestamp(3, Timestamp.from(stopExpiresAt));
                stops.setLong(4, id);
                int queued = stops.executeUpdate();
                connection.commit();
                return Optional.of(queued);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<BroadcastUnit> units(Connection connection, long id) throws SQLException {
        List<BroadcastUnit> units = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(BroadcastQueries.UNITS)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    units.add(BroadcastUnit.judge(row.getString("device_id"), row.getObject("command_id", UUID.class),
                            row.getString("state"), row.getString("detail"), Columns.instant(row, "sent_at"),
                            Columns.instant(row, "accepted_at"), Columns.instant(row, "started_at"),
                            Columns.instant(row, "played_at"), Columns.instant(row, "unconfirmed_at"),
                            row.getString("connectivity"), Columns.instant(row, "connectivity_since")));
                }
            }
        }
        return units;
    }
}
