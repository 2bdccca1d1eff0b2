package org.communityhub.ingest;

import static org.communityhub.ingest.PayloadDecoderTest.NOW;
import static org.communityhub.ingest.PayloadDecoderTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nothing PostgreSQL refuses gets past the decoder: each case here once passed it and then stopped
 * every batch behind it at the database (issue: one device's firmware bug silenced the province).
 */
class StorableValuesTest {

    final PayloadDecoder decoder = new PayloadDecoder(new ObjectMapper(), Duration.ofMinutes(5), Duration.ofDays(30));
    final long now = NOW.toEpochMilli();

    @Test
    void aNulInAnExtraFieldIsStoredAsTheReplacementCharacterAndCounted() throws Rejected {
        Reading reading = kiosk("{\"ts\":%d,\"seq\":1,\"printer\":\"OK\",\"note\":\"a\\u0000b\",\"x\\u0000\":[\"\\u0000\"]}");
        assertEquals("{\"note\":\"a\uFFFDb\",\"x\uFFFD\":[\"\uFFFD\"]}", reading.extraJson());
        assertEquals(3, decoder.cleanedValues(), "a value, a name and an array element were cleaned");
    }

    @Test
    void aNulInAnEventBodyIsStoredAsTheReplacementCharacter() throws Rejected {
        DeviceEvent event = decoder.event("e1", DeviceClass.ELDER_ALERT,
                bytes("{\"ts\":%d,\"seq\":4,\"type\":\"SOS\",\"where\":{\"room\":\"kitchen\\u0000\"}}".formatted(now)), NOW);
        assertEquals("SOS", event.type());
        assertEquals("{\"where\":{\"room\":\"kitchen\uFFFD\"}}", event.bodyJson());
    }

    @Test
    void anSosWhoseGarbledTsHoldsANulIsStoredWithADefectTheDatabaseCanHold() throws Rejected {
        // the fuzz test found it: the defect quoted the device's ts, NUL included, and COPY refused it
        DeviceEvent event = decoder.event("e1", DeviceClass.ELDER_ALERT,
                bytes("{\"ts\":\"2026-11-29T08:00:00Z\\u0000\",\"seq\":4,\"type\":\"SOS\"}"), NOW);
        assertEquals(NOW, event.ts(), "timed by the hub's receive time");
        assertEquals(-1, event.defect().indexOf('\0'), event.defect());
        assertEquals(true, event.defect().contains("\uFFFD") && event.defect().startsWith("WRONG_TYPE"), event.defect());
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() throws Rejected {
        Reading reading = kiosk("{\"ts\":%d,\"seq\":1,\"a\":\"\\ud800x\",\"b\":\"\\udc00\",\"c\":\"\\ud83d\\ude00\"}");
        assertEquals("{\"a\":\"\uFFFDx\",\"b\":\"\uFFFD\",\"c\":\"\uD83D\uDE00\"}", reading.extraJson());
        assertEquals(2, decoder.cleanedValues());
    }

    @Test
    void aCleanPayloadIsNotCounted() throws Rejected {
        kiosk("{\"ts\":%d,\"seq\":1,\"note\":\"всё хорошо 一切正常\"}");
        assertEquals(0, decoder.cleanedValues());
    }

    @Test
    void anExtraNumberBeyondTheRangeOfADoubleIsRefusedNamingItsPath() {
        Rejected rejected = assertThrows(Rejected.class, () -> kiosk("{\"ts\":%d,\"seq\":1,\"diag\":{\"uptime\":[1,-1e400]}}"));
        assertEquals(Reason.OUT_OF_RANGE, rejected.reason());
        assertEquals("diag.uptime[1] is beyond the range of a number", rejected.getMessage());
    }

    @Test
    void aContractNumberIsRoundedToTheRealItIsStoredAs() throws Rejected {
        Reading reading = kiosk("{\"ts\":%d,\"seq\":1,\"cpuTempC\":1e-50,\"diskFreePct\":21.7}");
        assertEquals(0.0f, reading.values().get(4), "1e-50 is 0 as a real; PostgreSQL refuses the literal");
        assertEquals(21.7f, reading.values().get(5));
    }

    @ParameterizedTest(name = "seq {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "9223372036854775807   | ",
            "7.0                   | ",
            "9223372036854775808   | OUT_OF_RANGE",
            "9223372036854775808.0 | OUT_OF_RANGE",
            "9.3e18                | OUT_OF_RANGE",
            "-9223372036854775809  | OUT_OF_RANGE",
            "1e400                 | WRONG_TYPE"})
    void seqFitsABigintOrIsRefused(String seq, Reason reason) throws Rejected {
        String payload = "{\"ts\":%d,\"seq\":" + seq + "}";
        if (reason == null) {
            assertEquals(new java.math.BigDecimal(seq).longValueExact(), kiosk(payload).seq());
        } else {
            assertEquals(reason, assertThrows(Rejected.class, () -> kiosk(payload)).reason());
        }
    }

    @ParameterizedTest(name = "lastMotionTs {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "NOW_MICROS             | TS_IN_FUTURE",
            "NOW_SECONDS            | TS_TOO_OLD",
            "'\"+999999999-12-31T23:59:59Z\"' | TS_IN_FUTURE",
            "'\"1999-12-31T23:59:59Z\"' | TS_TOO_OLD",
            "9223372036854775807    | TS_IN_FUTURE",
            "-9223372036854775808   | TS_TOO_OLD"})
    void everyTimestampFieldIsInsideItsWindow(String lastMotion, Reason reason) {
        String value = lastMotion.replace("NOW_MICROS", Long.toString(now * 1000))
                .replace("NOW_SECONDS", Long.toString(now / 1000));
        Rejected rejected = assertThrows(Rejected.class, () -> decoder.telemetry("e1", TelemetryTable.ELDER_ALERT,
                bytes("{\"ts\":%d,\"seq\":1,\"lastMotionTs\":%s}".formatted(now, value)), NOW));
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        assertEquals(true, rejected.getMessage().startsWith("lastMotionTs "), rejected.getMessage());
    }

    @Test
    void aLastMotionOfLongAgoIsKept() throws Rejected {
        Reading reading = decoder.telemetry("e1", TelemetryTable.ELDER_ALERT,
                bytes("{\"ts\":%d,\"seq\":1,\"lastMotionTs\":\"2001-05-01T00:00:00Z\"}".formatted(now)), NOW).get(0);
        assertEquals(Instant.parse("2001-05-01T00:00:00Z"), reading.values().get(2));
    }

    @Test
    void nestingIsRefusedBeyondSixtyFourLevels() throws Rejected {
        int deepest = PayloadDecoder.MAX_NESTING - 1; // the telemetry object itself is the first level
        Reading reading = kiosk("{\"ts\":%d,\"seq\":1,\"deep\":" + "[".repeat(deepest) + "]".repeat(deepest) + "}");
        assertEquals(true, reading.extraJson().startsWith("{\"deep\":[[[["));
        Rejected rejected = assertThrows(Rejected.class, () -> kiosk("{\"ts\":%d,\"seq\":1,\"deep\":"
                + "{\"a\":".repeat(deepest + 1) + "1" + "}".repeat(deepest + 1) + "}"));
        assertEquals(Reason.MALFORMED_JSON, rejected.reason());
        assertEquals("the payload nests deeper than 64 levels", rejected.getMessage());
    }

    private Reading kiosk(String payload) throws Rejected {
        return decoder.telemetry("k1", TelemetryTable.KIOSK, bytes(payload.formatted(now)), NOW).get(0);
    }
}
