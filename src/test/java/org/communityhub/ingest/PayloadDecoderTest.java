package org.communityhub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    final PayloadDecoder decoder = new PayloadDecoder(new ObjectMapper(), Duration.ofMinutes(5), Duration.ofDays(30));

    @Test
    void aPlaybackEventNamesThePlayItAnswersWhenItCarriesAWellFormedCommandId() throws Exception {
        Instant now = Instant.now();
        String id = "6f1c2d3e-0000-4000-8000-00000000abcd";
        var started = decoder.playback(playback("PLAYBACK_STARTED", ",\"commandId\":\"" + id + "\"", now), now);
        assertEquals(java.util.UUID.fromString(id), started.commandId());
        assertEquals(false, started.ended());
        assertEquals(true, decoder.playback(playback("PLAYBACK_ENDED", ",\"commandId\":\"" + id + "\"", now), now).ended());
        assertNull(decoder.playback(playback("PLAYBACK_STARTED", "", now), now), "a unit playing on its own");
        assertNull(decoder.playback(playback("PLAYBACK_STARTED", ",\"commandId\":\"not-a-uuid\"", now), now));
        assertNull(decoder.playback(playback("PLAYBACK_STARTED", ",\"commandId\":42", now), now));
        assertNull(decoder.playback(playback("SELF_TEST", ",\"passed\":true,\"commandId\":\"" + id + "\"", now), now));
    }

    private DeviceEvent playback(String type, String more, Instant now) throws Exception {
        return decoder.event("unit-1", DeviceClass.BROADCAST_UNIT, ("{\"ts\":" + now.toEpochMilli() + ",\"seq\":1,\"type\":\""
                + type + "\"" + more + "}").getBytes(StandardCharsets.UTF_8), now);
    }

    @Test
    void aKioskObjectKeepsItsFieldsTypedAndItsExtrasAside() throws Rejected {
        Reading reading = decoder.telemetry("k1", TelemetryTable.KIOSK, bytes("""
                {"ts":"2026-11-29T15:59:00+08:00","seq":3,"serviceState":"IN_SERVICE","cpuTempC":48.5,
                 "transactions":12,"queueLength":3}"""), NOW).get(0);
        assertEquals(Instant.parse("2026-11-29T07:59:00Z"), reading.ts());
        assertEquals(3, reading.seq());
        List<Object> values = reading.values();
        assertEquals("IN_SERVICE", values.get(0));
        assertNull(values.get(1), "printer was left out");
        assertEquals(48.5f, values.get(4));
        assertEquals(12L, values.get(7));
        assertEquals("{\"queueLength\":3}", reading.extraJson());
    }

    @Test
    void anArrayOfBufferedReadingsBecomesOneReadingEach() throws Rejected {
        List<Reading> readings = decoder.telemetry("e1", TelemetryTable.ELDER_ALERT, bytes("""
                [{"ts":%d,"seq":0,"worn":true},{"ts":%d,"seq":1,"lastMotionTs":"2026-11-29T07:00:00Z"}]"""
                .formatted(NOW.toEpochMilli() - 1000, NOW.toEpochMilli())), NOW);
        assertEquals(2, readings.size());
        assertEquals(true, readings.get(0).values().get(1));
        assertEquals(Instant.parse("2026-11-29T07:00:00Z"), readings.get(1).values().get(2));
        assertNull(readings.get(0).extraJson());
    }

    @Test
    void anEventKeepsItsTypeAndOtherFields() throws Rejected {
        DeviceEvent event = decoder.event("b1", DeviceClass.BROADCAST_UNIT, bytes("""
                {"ts":%d,"seq":9,"type":"SELF_TEST","passed":false,"details":"amplifier open circuit"}"""
                .formatted(NOW.toEpochMilli())), NOW);
        assertEquals("SELF_TEST", event.type());
        assertEquals(9, event.seq());
        assertEquals("{\"passed\":false,\"details\":\"amplifier open circuit\"}", event.bodyJson());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "online | true", "offline | false", "'\"online\"' | true", "' offline ' | false"})
    void statusWordsAreRead(String payload, boolean online) throws Rejected {
        assertEquals(online, PayloadDecoder.online(bytes(payload)));
    }

    /** The corpus of bad telemetry: every kind the edge must name. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvFileSource(resources = "/payloads/bad/kiosk-telemetry.csv", delimiter = '|', quoteCharacter = '\'')
    void badTelemetryIsRefusedWithItsReason(Reason reason, String payload) {
        Rejected rejected = assertThrows(Rejected.class,
                () -> decoder.telemetry("k1", TelemetryTable.KIOSK, bytes(BadPayloads.at(payload, NOW)), NOW));
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        assertTrue(rejected.getMessage() != null && !rejected.getMessage().isBlank());
    }

    @Test
    void theDetailNamesTheObjectAndTheField() {
        Rejected rejected = assertThrows(Rejected.class, () -> decoder.telemetry("l1", TelemetryTable.PARCEL_LOCKER,
                bytes("[{\"ts\":%1$d,\"seq\":1},{\"ts\":%1$d,\"seq\":2,\"batteryPct\":140}]"
                        .formatted(NOW.toEpochMilli())), NOW));
        assertEquals("[1].batteryPct 140 is outside 0..100", rejected.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "MISSING_FIELD | {\"ts\":NOW,\"seq\":1}",
            "WRONG_TYPE    | {\"ts\":NOW,\"seq\":1,\"type\":7}",
            "OUT_OF_RANGE  | {\"ts\":NOW,\"seq\":1,\"type\":\"SOS\"}",
            "OUT_OF_RANGE  | {\"ts\":NOW,\"seq\":1,\"type\":\"EXPLODED\"}",
            "MISSING_FIELD | {\"ts\":NOW,\"seq\":1,\"type\":\"DOOR_LEFT_OPEN\"}",
            "WRONG_TYPE    | {\"ts\":NOW,\"seq\":1,\"type\":\"DOOR_LEFT_OPEN\",\"compartment\":\"A3\"}",
            "MALFORMED_JSON | [{\"ts\":NOW,\"seq\":1,\"type\":\"TAMPER\"}]"})
    void badLockerEventsAreRefusedWithTheirReason(Reason reason, String payload) {
        String json = payload.replace("NOW", Long.toString(NOW.toEpochMilli()));
        Rejected rejected = assertThrows(Rejected.class,
                () -> decoder.event("l1", DeviceClass.PARCEL_LOCKER, bytes(json), NOW));
        assertEquals(reason, rejected.reason(), rejected.getMessage());
    }

    @Test
    void aStatusOtherThanOnlineOrOfflineIsRefused() {
        assertEquals(Reason.OUT_OF_RANGE, assertThrows(Rejected.class, () -> PayloadDecoder.online(bytes("up"))).reason());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
