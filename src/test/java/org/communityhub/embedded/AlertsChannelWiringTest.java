package org.communityhub.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertsChannelWiringTest {

    private static final String CHANNEL = AlertsChannelWiring.CHANNEL;

    @Test
    void anSslBrokerIsReachedWithTlsThatChecksItsHostName() {
        Map<String, String> wiring = AlertsChannelWiring.wiring("ssl://broker.example:8883", null, null, "hub-1",
                "hub", "secret");
        assertEquals("broker.example", wiring.get(CHANNEL + "host"));
        assertEquals("8883", wiring.get(CHANNEL + "port"));
        assertEquals("true", wiring.get(CHANNEL + "ssl"));
        assertEquals("HTTPS", wiring.get(CHANNEL + "ssl.hostname-verification-algorithm"));
        assertEquals("hub-1-alerts", wiring.get(CHANNEL + "client-id"));
        assertEquals("hub", wiring.get(CHANNEL + "username"));
    }

    @Test
    void theEmbeddedBrokerIsReachedWhereItListens() {
        Map<String, String> loopback = AlertsChannelWiring.wiring(null, "0.0.0.0", "1884", null, "_hub", "x");
        assertEquals("127.0.0.1", loopback.get(CHANNEL + "host"));
        assertEquals("1884", loopback.get(CHANNEL + "port"));
        assertNull(loopback.get(CHANNEL + "ssl.hostname-verification-algorithm"));
        assertEquals("10.1.2.3", AlertsChannelWiring.wiring(null, "10.1.2.3", "1883", null, null, null).get(CHANNEL + "host"));
    }
}
