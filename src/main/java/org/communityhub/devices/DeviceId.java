package org.communityhub.devices;

import java.util.regex.Pattern;

/**
 * A device's identity: its MQTT username and the second level of its topics, so it may hold no
 * MQTT topic separators or wildcards.
 */
public final class DeviceId {

    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private DeviceId() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
