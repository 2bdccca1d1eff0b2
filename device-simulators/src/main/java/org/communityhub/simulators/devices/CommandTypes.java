package org.communityhub.simulators.devices;

import java.util.List;
import java.util.Map;

/** The command types each class of device takes (the hub's docs/commands.md); others it rejects. */
public final class CommandTypes {

    private static final Map<DeviceClass, List<String>> TYPES = Map.of(
            DeviceClass.KIOSK, List.of("REBOOT", "SET_SERVICE_STATE"),
            DeviceClass.PARCEL_LOCKER, List.of("REBOOT", "OPEN_COMPARTMENT"),
            DeviceClass.BROADCAST_UNIT, List.of("PLAY", "STOP", "SELF_TEST", "SET_VOLUME"),
            DeviceClass.ELDER_ALERT, List.of("LOCATE"));

    private CommandTypes() {
    }

    public static boolean known(DeviceClass deviceClass, String type) {
        return TYPES.getOrDefault(deviceClass, List.of()).contains(type);
    }
}
