package org.communityhub.reports;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.database.Unnest;
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
        List<Map.Entry<String, State>> changes = new ArrayList<>();
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
            State state = new State(inService, at, reason);
            changed.put(message.deviceId(), state);
            changes.add(Map.entry(message.deviceId(), state));
        }
        if (changes.isEmpty()) {
            return Pending.NONE;
        }
        Unnest.execute(connection, INSERT_CHANGES, columns(changes));
        Unnest.execute(connection, UPSERT_STATE, columns(new ArrayList<>(changed.entrySet())));
        days.forget(connection, changes.stream().map(Map.Entry::getKey).toList(),
                changes.stream().map(change -> change.getValue().since()).toList());
        return new Pending(changed);
    }

    /** The batch that made {@code pending} is committed. */
    public void committed(Pending pending) {
        states.putAll(pending.changed());
    }

    /** Device, time, in service, reason: the columns both statements take. */
    private static String[][] columns(List<Map.Entry<String, State>> rows) {
        return Unnest.columns(rows, Map.Entry::getKey, row -> Unnest.text(row.getValue().since()),
                row -> Boolean.toString(row.getValue().inService()), row -> row.getValue().reason());
    }
}
