package org.communityhub.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Arrays;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;
import org.junit.jupiter.api.Test;

/** When a kiosk reading means the resident can use it, and why not. */
class InServiceTest {

    @Test
    void inServiceOnlyWhenItSaysSoAndNoPartTheResidentNeedsIsBroken() {
        assertEquals("IN_SERVICE", InService.verdict(kiosk("IN_SERVICE", "OK", "OK", "OK")));
        assertEquals("IN_SERVICE", InService.verdict(kiosk("IN_SERVICE", "PAPER_LOW", null, null)),
                "low paper still prints; parts left out are not reported broken");
        assertEquals("OUT_OF_SERVICE", InService.verdict(kiosk("OUT_OF_SERVICE", "OK", "OK", "OK")));
        assertEquals("MAINTENANCE", InService.verdict(kiosk("MAINTENANCE", "FAULT", "OK", "OK")),
                "the kiosk's own word comes first");
        assertEquals("PRINTER_PAPER_OUT", InService.verdict(kiosk("IN_SERVICE", "PAPER_OUT", "OK", "OK")));
        assertEquals("PRINTER_JAM", InService.verdict(kiosk("IN_SERVICE", "JAM", "OK", "OK")));
        assertEquals("PRINTER_FAULT", InService.verdict(kiosk("IN_SERVICE", "FAULT", "FAULT", "OK")));
        assertEquals("CARD_READER_FAULT", InService.verdict(kiosk("IN_SERVICE", "OK", "FAULT", "FAULT")));
        assertEquals("SCREEN_FAULT", InService.verdict(kiosk("IN_SERVICE", "OK", "OK", "FAULT")));
    }

    @Test
    void aReadingWithoutServiceStateDecidesNothing() {
        assertNull(InService.verdict(kiosk(null, "JAM", "FAULT", "FAULT")));
    }

    private static Reading kiosk(String serviceState, String printer, String cardReader, String screen) {
        return new Reading("kiosk-1", TelemetryTable.KIOSK, Instant.EPOCH, 0,
                Arrays.asList(serviceState, printer, cardReader, screen, null, null, null, null), null);
    }
}
