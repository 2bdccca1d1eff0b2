package org.communityhub.reports;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.telemetry.BatchCommitted;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;

/**
 * Whether each kiosk can serve a resident, kept as transitions at ingest (like connectivity changes)
 * so that the in-service figure of uptime never scans raw telemetry: a kiosk is in service while its
 * latest reading says {@code serviceState} IN_SERVICE and none of printer (out of paper, jammed,
 * faulty), card reader or screen is faulty. A reading without {@code serviceState} decides nothing.
 * <p>
 * Changes are dated at the receive time, the clock connectivity uses, so that the two histories cut
 * each other exactly; per device they strictly increase (a change that would land at or before the
 * previous one is placed a microsecond after it). Written in the batch's transaction; the state in
 * memory moves only when that commits ({@link #committed}).
 */
@ApplicationScoped
public class InService {

    /** A kiosk's service state since a moment, and why. */
    public record State(boolean inService, Instant since, String reason) {
    }

    /** What a batch changed, to apply once it is committed. */
    public record Pending(Map<String, State> changed) {
        static final Pending NONE = new Pending(Map.of());
    }

    private static final Set<String> PRINTER_UNUSABLE = Set.of("PAPER_OUT", "JAM", "FAULT");

    private static final String LOAD = "SELECT device_id, in_service, since, reason FROM service_state";
    private static final String INSERT_CHANGES = """
            INSERT INTO service_changes (device_id, ts, in_service, reason)
            SELECT d, t::timestamptz, s::boolean, r FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS c (d, t, s, r)
            ON CONFLICT (device_id, ts) DO NOTHING
            """;
    private static final String UPSERT_STATE = """
            INSERT INTO service_state (device_id, in_service, since, reason)
            SELECT d, s::boolean, t::timestamptz, r FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS c (d, t, s, r)
             ORDER BY d
            ON CONFLICT (device_id) DO UPDATE SET in_service = EXCLUDED.in_service, since = EXCLUDED.since,
                                                  reason = EXCLUDED.reason
            """;

    private final AgroalDataSource dataSource;
    private final UptimeDays days;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    InService(AgroalDataSource dataSource, UptimeDays days) {
        this.dataSource = dataSource;
        this.days = days;
    }

    public void start() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LOAD)) {
            statement.setFetchSize(10_000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    states.put(row.getString(1), new State(row.getBoolean(2), row.getTimestamp(3).toInstant(),
                            row.getString(4)));
                }
            }
        }
    }

    /** The service state of a kiosk, or null when it never said. */
    public State of(String deviceId) {
        return states.get(deviceId);
    }

    /** Why a kiosk reading means out of service, {@code IN_SERVICE}, or null when it does not say. */
    static String verdict(Reading reading) {
        Object service = reading.value("serviceState");
        if (service == null) {
            return null;
        }
        if (!"IN_SERVICE".equals(service)) {
            return service.toString();
        }
        Object printer = reading.value("printer");
        if (printer != null && PRINTER_UNUSABLE.contains(printer.toString())) {
            return "PRINTER_" + printer;
        }
        if ("FAULT".equals(reading.value("cardReader"))) {
            return "CARD_READER_FAULT";
        }
        if ("FAULT".equals(reading.value("screen"))) {
            return "SCREEN_FAULT";
        }
        return "IN_SERVICE";
    }

    /** Writes the changes the batch's kiosk readings make, in the batch's transaction. */
    public Pending write(Connection connection, List<BatchCommitted.Message> messages) throws SQLException {
        Map<String, State> changed = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        for (BatchCommitted.Message message : messages) {
            Reading latest = message.readings().stream().filter(r -> r.table() == TelemetryTable.KIOSK)
                    .max(Comparator.comparing(Reading::ts)).orElse(null);
            String reason = latest == null ? null : verdict(latest);
            if (reason == null) {
                continue;
            }
            State before = changed.getOrDefault(message.deviceId(), states.get(message.deviceId()));
            boolean inService = reason.equals("IN_SERVICE");
            if (before != null && before.inService() == inService && before.reason().equals(reason)) {
                continue;
            }
            Instant at = message.receivedAt().truncatedTo(ChronoUnit.MICROS);
            if (before != null && !at.isAfter(before.since())) {
                at = before.since().plus(1, ChronoUnit.MICROS);
            }
            changed.put(message.deviceId(), new State(inService, at, reason));
            rows.add(new String[] {message.deviceId(), at.toString(), Boolean.toString(inService), reason});
        }
        if (rows.isEmpty()) {
            return Pending.NONE;
        }
        execute(connection, INSERT_CHANGES, rows);
        List<String[]> latest = new ArrayList<>();
        changed.forEach((device, state) -> latest.add(new String[] {device, state.since().toString(),
                Boolean.toString(state.inService()), state.reason()}));
        execute(connection, UPSERT_STATE, latest);
        days.forget(connection, rows.stream().map(r -> r[0]).toList(),
                rows.stream().map(r -> Instant.parse(r[1])).toList());
        return new Pending(changed);
    }

    /** The batch that made {@code pending} is committed. */
    public void committed(Pending pending) {
        states.putAll(pending.changed());
    }

    private static void execute(Connection connection, String sql, List<String[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < 4; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = rows.get(r)[c];
                }
                statement.setArray(c + 1, connection.createArrayOf("text", column));
            }
            statement.executeUpdate();
        }
    }
}
