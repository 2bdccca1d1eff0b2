package org.communityhub.simulators.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedDeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z"); // 10:00 in the province

    @Test
    void seqGrowsByOnePerMessageAndStartsAgainAfterAReboot() throws IOException {
        SimulatedDevice elder = device(DeviceClass.ELDER_ALERT, 5);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (Message message : elder.report(T0.plusSeconds(600L * i), true)) {
                seqs.add(JSON.readTree(message.payload()).get("seq").asLong());
            }
        }
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i, seqs.get(i), "telemetry and events share one counter: " + seqs);
        }
        elder.reboot();
        JsonNode first = JSON.readTree(elder.report(T0.plusSeconds(600L * 51), true).get(0).payload());
        assertEquals(0, first.get("seq").asLong());
    }

    @Test
    void readingsKeptWhileOfflineLeaveAsOneArrayOnReconnect() throws IOException {
        SimulatedDevice kiosk = device(DeviceClass.KIOSK, 1);
        for (int i = 0; i < 5; i++) {
            assertTrue(kiosk.report(T0.plusSeconds(60L * i), false).isEmpty(), "nothing leaves while offline");
        }
        assertEquals(5, kiosk.buffered());
        List<Message> flushed = kiosk.flush();
        assertEquals(1, flushed.size());
        JsonNode array = JSON.readTree(flushed.get(0).payload());
        assertTrue(array.isArray());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, array.get(i).get("seq").asLong());
        }
        assertEquals(0, kiosk.buffered());
        JsonNode next = JSON.readTree(kiosk.report(T0.plusSeconds(300), true).get(0).payload());
        assertTrue(next.isObject(), "one reading alone is one object");
        assertEquals(5, next.get("seq").asLong());
    }

    @Test
    void aDeviceKeepsOnlyItsNewestReadingsWhenOfflineForLong() throws IOException {
        SimulatedDevice kiosk = device(DeviceClass.KIOSK, 1);
        int n = SimulatedDevice.BUFFER_LIMIT + 20;
        for (int i = 0; i < n; i++) {
            kiosk.report(T0.plusSeconds(60L * i), false);
        }
        JsonNode array = JSON.readTree(kiosk.flush().get(0).payload());
        assertEquals(SimulatedDevice.BUFFER_LIMIT, array.size());
        assertEquals(n - 1, array.get(array.size() - 1).get("seq").asLong(), "the newest is kept");
    }

    @Test
    void aSkewedClockShiftsTs() throws IOException {
        SimulatedDevice locker = device(DeviceClass.PARCEL_LOCKER, 3);
        locker.skew(Duration.ofSeconds(90));
        JsonNode reading = JSON.readTree(locker.report(T0, true).get(0).payload());
        JsonNode ts = reading.get("ts");
        Instant sent = ts.isNumber() ? Instant.ofEpochMilli(ts.asLong()) : Instant.parse(ts.asText());
        assertEquals(T0.plusSeconds(90), sent);
    }

    @Test
    void aKioskWithoutMainsIsOffWhileTheOthersRunOnBattery() throws IOException {
        SimulatedDevice kiosk = device(DeviceClass.KIOSK, 1);
        SimulatedDevice locker = device(DeviceClass.PARCEL_LOCKER, 1);
        kiosk.mains(false);
        locker.mains(false);
        assertEquals(false, kiosk.powered());
        assertEquals(true, locker.powered());
        JsonNode reading = JSON.readTree(locker.report(T0, true).get(0).payload());
        assertEquals("BATTERY", reading.get("power").asText());
    }

    @Test
    void theSameSeedRepeatsARunAndAnotherSeedDoesNot() {
        assertEquals(run(42), run(42));
        assertNotEquals(run(42), run(43));
    }

    private static List<String> run(long seed) {
        SimulatedDevice elder = new SimulatedDevice("sim-elder-1", DeviceClass.ELDER_ALERT, "990101001001", Rates.defaults(), seed);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            elder.report(T0.plusSeconds(600L * i), true).forEach(m -> payloads.add(new String(m.payload())));
        }
        return payloads;
    }

    private static SimulatedDevice device(DeviceClass deviceClass, long seed) {
        return new SimulatedDevice("sim-" + deviceClass.shortName + "-1", deviceClass, "990101001001", Rates.defaults(), seed);
    }
}
