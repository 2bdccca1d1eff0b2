package org.communityhub.ingest;

import org.communityhub.devices.DeviceId;

/** A contract topic, {@code hub/v1/{deviceId}/{channel}}, parsed. */
public record Topic(String deviceId, Channel channel) {

    public enum Channel {
        TELEMETRY("telemetry"), EVENT("event"), STATUS("status"), COMMAND_ACK("command/ack");

        private final String suffix;

        Channel(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    private static final String PREFIX = "hub/v1/";

    public static Topic parse(String topic) throws Rejected {
        if (topic == null || !topic.startsWith(PREFIX)) {
            throw new Rejected(Reason.BAD_TOPIC, "topic must start with " + PREFIX);
        }
        String rest = topic.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new Rejected(Reason.BAD_TOPIC, "topic has no channel after the device id");
        }
        String deviceId = rest.substring(0, slash);
        if (!DeviceId.isValid(deviceId)) {
            throw new Rejected(Reason.BAD_TOPIC, "'" + deviceId + "' is not a valid device id");
        }
        String suffix = rest.substring(slash + 1);
        for (Channel channel : Channel.values()) {
            if (channel.suffix.equals(suffix)) {
                return new Topic(deviceId, channel);
            }
        }
        throw new Rejected(Reason.UNKNOWN_CHANNEL, "'" + suffix + "' is not a channel of the contract");
    }

    /** The device id of a topic, where one can be read, for dead letters of unparseable topics. */
    static String deviceIdOrNull(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        String rest = topic.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        return DeviceId.isValid(id) ? id : null;
    }
}
