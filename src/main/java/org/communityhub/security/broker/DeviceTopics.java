package org.communityhub.security.broker;

import java.util.List;

/**
 * What a device may do on a broker that enforces its credential, in one place for every broker: it
 * publishes on its own telemetry, event, status (also as its will) and command/ack topics, and
 * subscribes to its own command topic; nothing else. The hub's own account uses {@value #HUB_FILTER}.
 */
public final class DeviceTopics {

    /** The channels a device publishes on, under {@code hub/v1/<own id>/}. */
    public static final List<String> PUBLISH = List.of("telemetry", "event", "status", "command/ack");

    /** The channels a device subscribes to, under {@code hub/v1/<own id>/}. */
    public static final List<String> SUBSCRIBE = List.of("command");

    /** Everything the hub's account reads and writes. */
    public static final String HUB_FILTER = "hub/#";

    private DeviceTopics() {
    }

    /** The topic of a device's channel. */
    public static String of(String deviceId, String channel) {
        return "hub/v1/" + deviceId + "/" + channel;
    }

    /** Whether device {@code deviceId} may publish on ({@code subscribe} false) or subscribe to {@code topic}. */
    public static boolean allows(String deviceId, boolean subscribe, String topic) {
        return (subscribe ? SUBSCRIBE : PUBLISH).stream().anyMatch(channel -> of(deviceId, channel).equals(topic));
    }
}
