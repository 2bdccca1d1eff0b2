package org.communityhub.telemetry;

import java.time.Instant;
import org.communityhub.devices.DeviceClass;

/** One event of one device, checked: its type is one of its class's, {@code bodyJson} its other fields. */
public record DeviceEvent(String deviceId, DeviceClass deviceClass, Instant ts, long seq, String type,
        String bodyJson) {
}
