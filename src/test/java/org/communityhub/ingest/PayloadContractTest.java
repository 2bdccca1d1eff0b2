package org.communityhub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.EventType;
import org.communityhub.telemetry.Field;
import org.communityhub.telemetry.TelemetryTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One payload contract: the JSON Schemas in docs/schemas/, the sample payloads in
 * src/test/resources/payloads/ (the simulators publish the same shapes) and the hub's decoder agree.
 */
class PayloadContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCHEMAS = Path.of("docs/schemas");
    static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    final PayloadDecoder decoder = new PayloadDecoder(JSON, Duration.ofMinutes(5), Duration.ofDays(30));

    /** Every sample payload: payloads/{class}/{telemetry|event}*.json. */
    static Stream<Path> samples() throws IOException {
        return Files.walk(Path.of("src/test/resources/payloads"))
                .filter(path -> path.toString().endsWith(".json"))
                .filter(path -> !path.getParent().getFileName().toString().equals("bad"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleMatchesItsSchemaAndTheHubAcceptsIt(Path sample) throws Exception {
        String folder = sample.getParent().getFileName().toString();
        DeviceClass deviceClass = DeviceClass.valueOf(folder.toUpperCase(Locale.ROOT).replace('-', '_'));
        boolean event = sample.getFileName().toString().startsWith("event");
        byte[] payload = Files.readAllBytes(sample);

        List<Error> errors = schema(folder + (event ? "-event.json" : "-telemetry.json")).validate(JSON.readTree(payload));
        assertEquals(List.of(), errors, sample + " against its schema");
        if (event) {
            decoder.event("d1", deviceClass, payload, NOW);
        } else {
            assertFalse(decoder.telemetry("d1", TelemetryTable.of(deviceClass), payload, NOW).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(TelemetryTable.class)
    void eachTelemetrySchemaHasExactlyTheFieldsAndLimitsOfTheHub(TelemetryTable table) throws Exception {
        JsonNode properties = JSON.readTree(SCHEMAS.resolve(file(table.name()) + "-telemetry.json").toFile())
                .at("/$defs/reading/properties");
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        Set<String> expected = new TreeSet<>(List.of("ts", "seq"));
        table.fields().forEach(field -> expected.add(field.name()));
        assertEquals(expected, names);
        for (Field field : table.fields()) {
            JsonNode property = properties.get(field.name());
            switch (field.type()) {
                case ENUM -> assertEquals(new TreeSet<>(field.allowed()), strings(property.get("enum")), field.name());
                case NUMBER, INTEGER -> {
                    assertEquals(field.type() == Field.Type.INTEGER ? "integer" : "number", property.get("type").asText());
                    assertEquals(field.min(), property.get("minimum").asDouble(), field.name());
                    assertEquals(field.max(), property.get("maximum").asDouble(), field.name());
                }
                case BOOLEAN -> assertEquals("boolean", property.get("type").asText());
                case TIMESTAMP -> assertTrue(property.has("oneOf"), field.name());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DeviceClass.class, names = {"PARCEL_LOCKER", "BROADCAST_UNIT", "ELDER_ALERT"})
    void eachEventSchemaListsTheEventTypesOfTheHub(DeviceClass deviceClass) throws Exception {
        JsonNode types = JSON.readTree(SCHEMAS.resolve(file(deviceClass.name()) + "-event.json").toFile())
                .at("/properties/type/enum");
        assertEquals(new TreeSet<>(EventType.namesOf(deviceClass)), strings(types));
    }

    /** The schema is at least as strict as the decoder on what a schema can say. */
    @ParameterizedTest
    @MethodSource("schemaCheckableBadPayloads")
    void badPayloadsTheSchemaCanJudgeFailIt(BadPayloads.Entry entry) throws Exception {
        assertFalse(schema("kiosk-telemetry.json").validate(JSON.readTree(entry.payload())).isEmpty(), entry.payload());
    }

    static Stream<BadPayloads.Entry> schemaCheckableBadPayloads() {
        Set<Reason> checkable = Set.of(Reason.MISSING_FIELD, Reason.WRONG_TYPE, Reason.OUT_OF_RANGE);
        return BadPayloads.kioskTelemetry(NOW).stream()
                .filter(entry -> checkable.contains(entry.reason()))
                // "yesterday" is a string: only a format check would catch it, and formats only annotate by default
                .filter(entry -> !entry.payload().contains("yesterday"));
    }

    private static Schema schema(String file) throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMAS.resolve(file))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static String file(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
