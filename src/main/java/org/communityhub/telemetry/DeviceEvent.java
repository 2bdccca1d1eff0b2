package org.communityhub.telemetry;

import java.time.Instant;
import org.communityhub.devices.DeviceClass;

/**
 * One event of one device, checked: its type is one of its class's, {@code bodyJson} its other fields.
 * {@code defect} says what was wrong with a life-safety event stored despite it (null otherwise).
 */
public record DeviceEvent(String deviceId, DeviceClass deviceClass, Instant ts, long seq, String type,
        String bodyJson, String defect) {
}
