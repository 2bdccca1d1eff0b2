package org.communityhub.devices;

/**
 * A device's identity: its MQTT username and the second level of its topics, so it may hold no
 * MQTT topic separators or wildcards.
 */
public final class DeviceId {

    /** For validation annotations; {@link #isValid} checks the same without a regex, as it runs for every message. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private DeviceId() {
    }

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || !letterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
