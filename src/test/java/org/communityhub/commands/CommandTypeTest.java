package org.communityhub.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.communityhub.devices.DeviceClass;
import org.junit.jupiter.api.Test;

class CommandTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachClassTakesItsOwnTypes() {
        assertEquals(List.of("REBOOT", "SET_SERVICE_STATE"), CommandType.of(DeviceClass.KIOSK));
        assertEquals(List.of("REBOOT", "OPEN_COMPARTMENT"), CommandType.of(DeviceClass.PARCEL_LOCKER));
        assertEquals(List.of("PLAY", "STOP", "SELF_TEST", "SET_VOLUME"), CommandType.of(DeviceClass.BROADCAST_UNIT));
        assertEquals(List.of("LOCATE"), CommandType.of(DeviceClass.ELDER_ALERT));
        assertFalse(CommandType.PLAY.appliesTo(DeviceClass.KIOSK));
    }

    @Test
    void parametersAreCheckedByName() throws Exception {
        assertEquals(Map.of(), CommandType.PLAY.problems(json("{\"text\":\"flood warning\",\"volumePct\":90,\"repeat\":3}")));
        assertEquals(Map.of(), CommandType.PLAY.problems(json("{\"clip\":\"siren-1\"}")));
        assertEquals(Map.of(), CommandType.REBOOT.problems(null));
        assertEquals(Map.of(), CommandType.SET_VOLUME.problems(json("{\"volumePct\":0}")));
        assertTrue(CommandType.PLAY.problems(json("{\"text\":\"a\",\"clip\":\"b\"}")).containsKey("params/text"));
        assertTrue(CommandType.PLAY.problems(null).containsKey("params/text"));
        assertTrue(CommandType.PLAY.problems(json("{\"text\":\"a\",\"volumePct\":101}")).containsKey("params/volumePct"));
        assertTrue(CommandType.PLAY.problems(json("{\"text\":\"a\",\"repeat\":2.5}")).containsKey("params/repeat"));
        assertTrue(CommandType.PLAY.problems(json("{\"text\":\"a\\u0000b\"}")).containsKey("params/text"));
        assertTrue(CommandType.SET_VOLUME.problems(json("{}")).containsKey("params/volumePct"));
        assertTrue(CommandType.SET_VOLUME.problems(json("{\"volumePct\":\"90\"}")).containsKey("params/volumePct"));
        assertTrue(CommandType.REBOOT.problems(json("{\"delay\":5}")).containsKey("params/delay"));
        assertTrue(CommandType.OPEN_COMPARTMENT.problems(json("{\"compartment\":-1}")).containsKey("params/compartment"));
        assertEquals(Map.of("params", "must be an object"), CommandType.REBOOT.problems(json("[1]")));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
