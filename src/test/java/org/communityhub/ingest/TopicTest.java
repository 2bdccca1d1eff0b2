package org.communityhub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicTest {

    @ParameterizedTest
    @CsvSource({
            "hub/v1/kiosk-230103004001/telemetry, kiosk-230103004001, TELEMETRY",
            "hub/v1/elder.7/event, elder.7, EVENT",
            "hub/v1/L_1/status, L_1, STATUS",
            "hub/v1/bcast-1/command/ack, bcast-1, COMMAND_ACK"})
    void contractTopicsAreParsed(String topic, String deviceId, Topic.Channel channel) throws Rejected {
        assertEquals(new Topic(deviceId, channel), Topic.parse(topic));
    }

    @ParameterizedTest
    @CsvSource({
            "hub/v2/x/telemetry, BAD_TOPIC",
            "devices/x/telemetry, BAD_TOPIC",
            "hub/v1/x, BAD_TOPIC",
            "hub/v1//telemetry, BAD_TOPIC",
            "hub/v1/-x/telemetry, BAD_TOPIC",
            "hub/v1/x/telemetry/extra, UNKNOWN_CHANNEL",
            "hub/v1/x/config, UNKNOWN_CHANNEL",
            "hub/v1/x/command, UNKNOWN_CHANNEL"})
    void otherTopicsAreRefusedWithTheirReason(String topic, Reason reason) {
        assertEquals(reason, assertThrows(Rejected.class, () -> Topic.parse(topic)).reason());
    }

    @Test
    void theDeviceOfABadTopicIsKeptWhereItCanBeRead() {
        assertEquals("x", Topic.deviceIdOrNull("hub/v1/x/config"));
        assertEquals(null, Topic.deviceIdOrNull("devices/x/telemetry"));
    }
}
