package org.communityhub.devices;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.communityhub.api.ApiException;
import org.communityhub.security.Scope;

/**
 * The registry as the hot paths need it, in memory: MQTT ingestion looks every message's device up
 * here, and connectivity walks all devices. Filled by {@link #reload()} (at start and then
 * periodically); a device not in memory is looked up in the database, so a new registration is seen
 * at once, and {@link #forget(String)} makes a change in the registry visible at the next lookup.
 */
@ApplicationScoped
public class DeviceDirectory {

    /**
     * What the ingestion, connectivity and read paths need to know of a device; {@code revoked}: its
     * MQTT credential was revoked, so the hub refuses what it still sends.
     */
    public record Entry(String id, DeviceClass deviceClass, DeviceState state, String areaCode,
            Integer expectedIntervalSeconds, boolean revoked) {
    }

    private static final String COLUMNS = """
            SELECT d.id, d.device_class, d.state, d.area_code, d.expected_interval_s, c.revoked_at IS NOT NULL AS revoked
              FROM devices d LEFT JOIN device_credentials c ON c.device_id = d.id""";

    private final AgroalDataSource dataSource;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Ids looked up and not found since the last reload: an unregistered sender costs no query per message. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();

    DeviceDirectory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Replaces the in-memory registry with the database's. */
    public void reload() throws SQLException {
        Map<String, Entry> fresh = new java.util.HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setFetchSize(10_000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Entry entry = entry(row);
                    fresh.put(entry.id(), entry);
                }
            }
        }
        entries.keySet().retainAll(fresh.keySet());
        entries.putAll(fresh);
        unknown.clear();
    }

    public Optional<Entry> find(String id) throws SQLException {
        Entry cached = entries.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (unknown.contains(id)) {
            return Optional.empty();
        }
        Optional<Entry> stored = load(id);
        stored.ifPresentOrElse(entry -> entries.put(id, entry), () -> unknown.add(id));
        return stored;
    }

    /**
     * The device if it is registered in the caller's subtrees; else the 404 of an absent device, so
     * that a device outside them does not show that it exists.
     */
    public Entry visible(String id, Scope scope) throws SQLException {
        return find(id).filter(device -> scope.sees(device.areaCode()))
                .orElseThrow(() -> ApiException.notFound("device", id));
    }

    /**
     * Whether something attached either to an area or to a device (a maintenance window, a rule
     * setting) is in the caller's subtrees; a device that is not registered is in no one's.
     */
    public boolean sees(Scope scope, String areaCode, String deviceId) throws SQLException {
        return areaCode != null ? scope.sees(areaCode)
                : deviceId != null && find(deviceId).filter(device -> scope.sees(device.areaCode())).isPresent();
    }

    /** The items, attached each to an area or a device, that are in the caller's subtrees. */
    public <T> List<T> visible(Collection<T> items, Scope scope, Function<T, String> areaCode,
            Function<T, String> deviceId) throws SQLException {
        List<T> visible = new ArrayList<>();
        for (T item : items) {
            if (sees(scope, areaCode.apply(item), deviceId.apply(item))) {
                visible.add(item);
            }
        }
        return visible;
    }

    /** The device if it is in memory; never asks the database. */
    public Optional<Entry> cached(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Every device known in memory. */
    public Collection<Entry> all() {
        return List.copyOf(entries.values());
    }

    /** Drops a device from memory after its registration changed; the next lookup reads it again. */
    public void forget(String id) {
        entries.remove(id);
        unknown.remove(id);
    }

    private Optional<Entry> load(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COLUMNS + " WHERE d.id = ?")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(entry(row)) : Optional.empty();
            }
        }
    }

    private static Entry entry(ResultSet row) throws SQLException {
        return new Entry(row.getString("id"), DeviceClass.valueOf(row.getString("device_class")),
                DeviceState.valueOf(row.getString("state")), row.getString("area_code"),
                (Integer) row.getObject("expected_interval_s"), row.getBoolean("revoked"));
    }
}
