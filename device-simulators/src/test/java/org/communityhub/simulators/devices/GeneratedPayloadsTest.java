package org.communityhub.simulators.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulators speak the same contract as the hub: every payload they generate validates
 * against the JSON Schemas in docs/schemas/ (which the hub's PayloadContractTest ties to the hub's
 * decoder and to the sample payloads), and the malformed ones fail where a schema can tell.
 */
class GeneratedPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMAS = Path.of("..", "docs", "schemas");

    /** Rates high enough that a simulated month shows every event and fault of a class. */
    private static final Rates BUSY = new Rates(
            new Rates.Kiosk(30.0, 100, 2.0, 1.0, 1.0, 2.0),
            new Rates.ParcelLocker(24, 6.0, 30.0, 1.0, 2.0, 1.0, 1.0),
            new Rates.BroadcastUnit(0.3, 0.5, 4.0, 1.0, null, null),
            new Rates.ElderAlert(1.0, 1.0, 2.0, 1.0, 1.0, 20.0, 15.0, 1.0));

    @ParameterizedTest
    @EnumSource(DeviceClass.class)
    void everyGeneratedReadingAndEventMatchesTheSchemas(DeviceClass deviceClass) throws IOException {
        Schema telemetry = schema(deviceClass, "telemetry");
        Schema events = deviceClass == DeviceClass.KIOSK ? null : schema(deviceClass, "event");
        Set<String> eventTypes = new HashSet<>();
        Set<String> values = new HashSet<>();
        SimulatedDevice device = new SimulatedDevice("sim-" + deviceClass.shortName + "-1", deviceClass, "990101001001", BUSY, 42);
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        int reports = (int) (Duration.ofDays(30).toSeconds() / deviceClass.interval.toSeconds());
        for (int i = 0; i < reports; i++) {
            now = now.plus(deviceClass.interval);
            for (Message message : device.report(now, true)) {
                JsonNode payload = JSON.readTree(message.payload());
                if (message.topic().endsWith("/telemetry")) {
                    assertValid(telemetry, payload);
                    payload.properties().forEach(field -> values.add(field.getKey() + "=" + field.getValue().asText()));
                } else {
                    assertValid(events, payload);
                    eventTypes.add(payload.get("type").asText());
                }
            }
        }
        Set<String> expected = switch (deviceClass) {
            case KIOSK -> Set.of();
            case PARCEL_LOCKER -> Set.of("DOOR_FORCED", "DOOR_LEFT_OPEN", "TAMPER");
            case BROADCAST_UNIT -> Set.of("SELF_TEST", "PLAYBACK_STARTED", "PLAYBACK_ENDED");
            case ELDER_ALERT -> Set.of("SOS", "FALL", "CHECK_IN", "LOW_BATTERY", "VISIT");
        };
        assertEquals(expected, eventTypes, "a month of a busy " + deviceClass + " raises every event of its class");
        List<String> faults = switch (deviceClass) {
            case KIOSK -> List.of("printer=PAPER_LOW", "printer=PAPER_OUT", "printer=JAM", "cardReader=FAULT",
                    "serviceState=OUT_OF_SERVICE", "serviceState=MAINTENANCE", "screen=FAULT");
            case PARCEL_LOCKER -> List.of("power=BATTERY", "compartmentsOccupied=24");
            case BROADCAST_UNIT -> List.of("amplifier=FAULT", "power=BATTERY");
            case ELDER_ALERT -> List.of("worn=false", "worn=true");
        };
        assertTrue(values.containsAll(faults), "the readings show " + faults);
    }

    @ParameterizedTest
    @EnumSource(DeviceClass.class)
    void theStatusMessagesMatchTheSchema(DeviceClass deviceClass) throws IOException {
        Schema status = schemaFile("status.json");
        SimulatedDevice device = new SimulatedDevice("sim-1", deviceClass, "990101001001", Rates.defaults(), 1);
        for (boolean online : new boolean[] {true, false}) {
            Message message = device.status(online);
            assertTrue(message.retained(), "status is retained");
            assertEquals("hub/v1/sim-1/status", message.topic());
            // a bare word on the wire; the schema describes it as the JSON string it reads as
            assertValid(status, JSON.getNodeFactory().textNode(new String(message.payload(), StandardCharsets.UTF_8)));
        }
    }

    @ParameterizedTest
    @EnumSource(Malformed.class)
    void aMalformedMessageIsBadInTheWayItsKindSays(Malformed kind) throws IOException {
        SimulatedDevice device = new SimulatedDevice("sim-elder-1", DeviceClass.ELDER_ALERT, "990101001001", Rates.defaults(), 7);
        Instant now = Instant.parse("2026-11-29T08:00:00Z");
        Message message = device.malformed(kind, now);
        assertFalse(message.good());
        assertEquals(kind == Malformed.UNKNOWN_DEVICE ? "hub/v1/sim-elder-1-unregistered/telemetry" : "hub/v1/sim-elder-1/telemetry",
                message.topic());
        if (kind == Malformed.MALFORMED_JSON) {
            assertThrows(JsonProcessingException.class, () -> JSON.readTree(message.payload()));
            return;
        }
        JsonNode payload = JSON.readTree(message.payload());
        List<Error> errors = schema(DeviceClass.ELDER_ALERT, "telemetry").validate(payload);
        switch (kind) {
            case WRONG_TYPE, OUT_OF_RANGE, MISSING_FIELD -> assertFalse(errors.isEmpty(), "the schema refuses " + payload);
            case TS_IN_FUTURE -> assertEquals(now.plus(Duration.ofHours(1)), Instant.parse(payload.get("ts").asText()));
            case TS_TOO_OLD -> assertEquals(now.minus(Duration.ofDays(40)), Instant.parse(payload.get("ts").asText()));
            case OVERSIZED -> assertTrue(message.payload().length > 64 * 1024, "over the hub's default limit");
            case UNKNOWN_DEVICE -> assertTrue(errors.isEmpty(), "a good reading, only its device is unknown");
            default -> throw new AssertionError(kind);
        }
    }

    private static void assertValid(Schema schema, JsonNode payload) {
        List<Error> errors = schema.validate(payload);
        assertTrue(errors.isEmpty(), payload + " fails its schema: " + errors);
    }

    private static Schema schema(DeviceClass deviceClass, String channel) throws IOException {
        return schemaFile(deviceClass.name().toLowerCase().replace('_', '-') + "-" + channel + ".json");
    }

    private static Schema schemaFile(String name) throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMAS.resolve(name))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }
}
