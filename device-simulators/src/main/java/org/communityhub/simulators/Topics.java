package org.communityhub.simulators;

/** The contract's topic grammar, {@code hub/v1/{deviceId}/{channel}} (docs/mqtt.md). */
public final class Topics {

    private Topics() {
    }

    public static String of(String deviceId, String channel) {
        if (deviceId.isEmpty() || deviceId.contains("/") || deviceId.contains("+") || deviceId.contains("#")) {
            throw new IllegalArgumentException("a device id holds no '/', '+' or '#': " + deviceId);
        }
        return "hub/v1/" + deviceId + "/" + channel;
    }
}
