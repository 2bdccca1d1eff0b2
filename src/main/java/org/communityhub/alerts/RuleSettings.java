package org.communityhub.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.api.ApiException;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceClass;
import org.communityhub.devices.DeviceDirectory;

/**
 * The rules as they apply to each device: the defaults ({@link Rules}), then the settings of each
 * area containing the device from the province down, then the device's own. Settings are partial
 * JSON objects of {@link Tuning} fields, checked against what the rule reads.
 */
@ApplicationScoped
public class RuleSettings {

    /** Settings of one rule for an area subtree or one device. */
    public record Setting(long id, String rule, String areaCode, String deviceId, ObjectNode settings,
            Instant updatedAt, String updatedBy) {
        boolean appliesTo(DeviceDirectory.Entry device) {
            return deviceId != null ? deviceId.equals(device.id())
                    : AreaCode.of(areaCode).contains(AreaCode.of(device.areaCode()));
        }
    }

    /**
     * A rule as it applies to one device, the settings that made it so (in the order applied), and
     * the condition it is timing for the device, if any.
     */
    public record Effective(String rule, String type, String deviceClass, Tuning tuning, String description,
            List<Setting> appliedSettings, Condition condition) {
        Effective with(Condition timing) {
            return new Effective(rule, type, deviceClass, tuning, description, appliedSettings, timing);
        }
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final AlertsConfig config;
    private final List<Rule> defaults;
    private final Map<DeviceClass, List<Rule>> byClass = new EnumMap<>(DeviceClass.class);
    /** The rules per device (its registration: a new area is a new key); emptied when settings change. */
    private final Map<DeviceDirectory.Entry, List<Rule>> effective = new ConcurrentHashMap<>();
    private volatile List<Setting> settings = List.of();

    RuleSettings(AgroalDataSource dataSource, ObjectMapper json, AlertsConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.config = config;
        this.defaults = Rules.defaults(config);
        for (DeviceClass deviceClass : DeviceClass.values()) {
            byClass.put(deviceClass, defaults.stream().filter(r -> r.deviceClass() == deviceClass).toList());
        }
    }

    public List<Rule> defaults() {
        return defaults;
    }

    /**
     * The rules of the device's class as they apply to it (disabled ones included). A device no
     * setting applies to (most) shares its class's list.
     */
    public List<Rule> of(DeviceDirectory.Entry device) {
        if (settings.isEmpty()) {
            return byClass.get(device.deviceClass());
        }
        return effective.computeIfAbsent(device, key -> settings.stream().noneMatch(s -> s.appliesTo(device))
                ? byClass.get(device.deviceClass())
                : explain(device).stream().map(e -> rule(e.rule()).orElseThrow().tuned(e.tuning())).toList());
    }

    public List<Effective> explain(DeviceDirectory.Entry device) {
        List<Effective> explained = new ArrayList<>();
        for (Rule rule : defaults) {
            if (rule.deviceClass() != device.deviceClass()) {
                continue;
            }
            List<Setting> applied = settings.stream()
                    .filter(s -> s.rule().equals(rule.id()) && s.appliesTo(device))
                    .sorted(Comparator.comparing((Setting s) -> s.deviceId() != null)
                            .thenComparing(s -> s.areaCode() == null ? 0 : AreaCode.of(s.areaCode()).level().ordinal()))
                    .toList();
            Tuning tuning = rule.tuning();
            for (Setting setting : applied) {
                tuning = apply(rule, tuning, setting.settings());
            }
            Rule tuned = rule.tuned(tuning);
            explained.add(new Effective(rule.id(), rule.type(), rule.deviceClass().name(), tuning, tuned.describe(),
                    applied, null));
        }
        return explained;
    }

    public Optional<Rule> rule(String id) {
        return defaults.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public List<Setting> all() {
        return settings;
    }

    public void reload() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT id, rule, area_code, device_id, settings, updated_at, updated_by FROM alert_rule_settings"
                                + " ORDER BY id");
                ResultSet row = statement.executeQuery()) {
            List<Setting> fresh = new ArrayList<>();
            while (row.next()) {
                fresh.add(new Setting(row.getLong("id"), row.getString("rule"), row.getString("area_code"),
                        row.getString("device_id"), (ObjectNode) json.readTree(row.getString("settings")),
                        row.getTimestamp("updated_at").toInstant(), row.getString("updated_by")));
            }
            settings = List.copyOf(fresh);
            effective.clear();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored rule settings are not JSON", e);
        }
    }

    /** Stores the settings of a rule for an area or a device, replacing earlier ones for the same scope. */
    Setting save(String ruleId, String areaCode, String deviceId, ObjectNode values, String user) throws SQLException {
        Rule rule = rule(ruleId).orElseThrow(() -> ApiException.invalid("rule", "no rule " + ruleId
                + "; the rules are " + defaults.stream().map(Rule::id).toList()));
        apply(rule, rule.tuning(), values); // refuses what the rule does not read, naming the field
        String upsert = """
                INSERT INTO alert_rule_settings (rule, area_code, device_id, settings, updated_by) VALUES (?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (rule, %s) WHERE %s IS NOT NULL
                DO UPDATE SET settings = excluded.settings, updated_at = now(), updated_by = excluded.updated_by
                RETURNING id
                """.formatted(areaCode != null ? "area_code" : "device_id", areaCode != null ? "area_code" : "device_id");
        long id;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(upsert)) {
            statement.setString(1, ruleId);
            statement.setString(2, areaCode);
            statement.setString(3, deviceId);
            statement.setString(4, values.toString());
            statement.setString(5, user);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
        }
        reload();
        return settings.stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    boolean delete(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM alert_rule_settings WHERE id = ?")) {
            statement.setLong(1, id);
            boolean found = statement.executeUpdate() == 1;
            reload();
            return found;
        }
    }

    /** {@code base} with the fields of {@code values}; a field the rule does not read, or a bad value, is refused. */
    Tuning apply(Rule rule, Tuning base, JsonNode values) {
        Tuning tuning = base;
        for (Iterator<Map.Entry<String, JsonNode>> fields = values.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!rule.tunables().contains(name)) {
                throw ApiException.invalid(name, "is not a setting of " + rule.id() + ", which reads "
                        + rule.tunables().stream().sorted().toList());
            }
            tuning = switch (name) {
                case "enabled" -> {
                    if (!value.isBoolean()) {
                        throw ApiException.invalid(name, "must be true or false");
                    }
                    yield new Tuning(value.asBoolean(), tuning.severity(), tuning.after(), tuning.afterAtNight(),
                            tuning.threshold(), tuning.hours());
                }
                case "severity" -> new Tuning(tuning.enabled(), severity(value), tuning.after(), tuning.afterAtNight(),
                        tuning.threshold(), tuning.hours());
                case "after" -> new Tuning(tuning.enabled(), tuning.severity(), duration(name, value),
                        tuning.afterAtNight(), tuning.threshold(), tuning.hours());
                case "afterAtNight" -> tuning.atNight(duration(name, value));
                case "threshold" -> {
                    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                        throw ApiException.invalid(name, "must be a number");
                    }
                    yield tuning.threshold(value.asDouble());
                }
                case "hours" -> new Tuning(tuning.enabled(), tuning.severity(), tuning.after(), tuning.afterAtNight(),
                        tuning.threshold(), hours(value));
                default -> throw ApiException.invalid(name, "is not a setting");
            };
        }
        return tuning;
    }

    private static Severity severity(JsonNode value) {
        try {
            return Severity.valueOf(value.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("severity", "must be one of " + List.of(Severity.values()));
        }
    }

    private static Duration duration(String name, JsonNode value) {
        Duration duration;
        try {
            duration = Duration.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an ISO-8601 duration such as PT10M or P8D");
        }
        if (duration.isNegative() || duration.compareTo(Duration.ofDays(90)) > 0) {
            throw ApiException.invalid(name, "must be between PT0S and P90D");
        }
        return duration;
    }

    private Hours hours(JsonNode value) {
        if (!value.isObject() || !value.path("from").isTextual() || !value.path("to").isTextual()) {
            throw ApiException.invalid("hours", "must be {\"from\": \"08:00\", \"to\": \"20:00\"} (zone optional)");
        }
        try {
            ZoneId zone = value.has("zone") ? ZoneId.of(value.get("zone").asText()) : config.zone();
            return new Hours(LocalTime.parse(value.get("from").asText()), LocalTime.parse(value.get("to").asText()), zone);
        } catch (java.time.DateTimeException e) {
            throw ApiException.invalid("hours", "from and to must be times such as 08:00, zone a time zone such as "
                    + "Asia/Shanghai: " + e.getMessage());
        }
    }
}
