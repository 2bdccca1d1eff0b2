package org.communityhub.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DeviceId#isValid} checks without a regex (it runs for every message) exactly what {@link DeviceId#PATTERN} says. */
class DeviceIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"kiosk-1", "K", "0abc", "a.b_c-d", "sim-kiosk-990101001001-1", "", "-kiosk", ".a", "_a",
        "kiosk/1", "kiosk+", "kiosk#", "kiosk 1", "kiosk\t1", "kiösk", "社区-1", "kiosk-1\n",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void theCheckAgreesWithThePattern(String id) {
        assertEquals(id.matches(DeviceId.PATTERN), DeviceId.isValid(id), "'" + id + "'");
    }
}
