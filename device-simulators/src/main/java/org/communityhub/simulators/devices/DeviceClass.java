package org.communityhub.simulators.devices;

import java.time.Duration;

/** The contract's device classes (MISSION.md §4, docs/mqtt.md) and how often each reports. */
public enum DeviceClass {
    KIOSK("kiosk", Duration.ofSeconds(60)),
    PARCEL_LOCKER("locker", Duration.ofSeconds(300)),
    BROADCAST_UNIT("broadcast", Duration.ofSeconds(300)),
    ELDER_ALERT("elder", Duration.ofSeconds(600));

    /** A short word for generated device ids, e.g. {@code sim-kiosk-990101001001-1}. */
    public final String shortName;
    /** The contract's heartbeat interval. */
    public final Duration interval;

    DeviceClass(String shortName, Duration interval) {
        this.shortName = shortName;
        this.interval = interval;
    }

    /** Whether the device keeps running on a battery when the mains fail. */
    public boolean hasBattery() {
        return this != KIOSK;
    }
}
