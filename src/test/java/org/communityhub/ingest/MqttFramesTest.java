package org.communityhub.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frame cutter in front of Netty's MQTT decoder, fed the bytes a broker sends, cut at every point
 * a TCP read may cut them.
 */
class MqttFramesTest {

    static final int MAX_PAYLOAD = 1024;
    static final int HEAD = 64;

    @Test
    void aStreamOfPacketsCutAtEverySplitPointDecodesToTheSamePackets() {
        byte[] stream = stream();
        List<String> expected = decode(stream, stream.length);
        assertEquals(List.of("CONNACK", "SUBACK 1", "PUBLISH hub/v1/k1/telemetry 7 {\"seq\":0}", "PUBLISH hub/v1/k2/status -1 online",
                "PUBLISH hub/v1/k3/telemetry 300 " + "x".repeat(300), "PINGRESP", "PUBACK",
                "OVERSIZED hub/v1/k4/telemetry 9 " + (MAX_PAYLOAD + 1) + " " + "y".repeat(HEAD),
                "PUBLISH hub/v1/k5/event 10 {\"seq\":1}"), expected);
        for (int split = 1; split < stream.length; split++) {
            assertEquals(expected, decode(stream, split), "split after byte " + split);
        }
        assertEquals(expected, decode(stream, 1), "one byte at a time");
    }

    /**
     * Keeps the reason for the whole-packet cutting honest: when this fails, the BOM's
     * netty-codec-mqtt decodes split headers by itself (netty/netty#16776, fixed by #16916), and the
     * cutting in {@link MqttFrames} can go; its skipping of oversized payloads stays.
     */
    @Test
    void nettysDecoderAloneStillFailsOnASplitPublishHeader() {
        byte[] stream = stream();
        int failures = 0;
        for (int split = 1; split < stream.length; split++) {
            EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(MqttFrames.maxPacket(MAX_PAYLOAD)));
            channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(stream, split, stream.length - split));
            for (Object message; (message = channel.readInbound()) != null; ) {
                if (message instanceof MqttMessage mqtt && mqtt.decoderResult().isFailure()) {
                    failures++;
                }
            }
            channel.finishAndReleaseAll();
        }
        assertTrue(failures > 0, "netty/netty#16776 is fixed in this netty-codec-mqtt: see MqttFrames");
    }

    @Test
    void aTwentyMegabytePublishIsSkippedAsItStreamsInAndNeverBuffered() {
        int size = 20 * 1024 * 1024;
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'z');
        byte[] stream = concat(publish("hub/v1/big/telemetry", 1, 42, payload),
                publish("hub/v1/small/telemetry", 1, 43, "{}".getBytes(StandardCharsets.UTF_8)));
        MqttFrames frames = new MqttFrames(65_536, 4096);
        EmbeddedChannel channel = new EmbeddedChannel(frames, new MqttDecoder(MqttFrames.maxPacket(65_536)));
        int largest = 0;
        for (int at = 0; at < stream.length; at += 65_536) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(65_536, stream.length - at)));
            largest = Math.max(largest, frames.buffered());
        }
        assertTrue(largest < 70_000, "held at most one read's worth, held " + largest);
        MqttFrames.Oversized oversized = channel.readInbound();
        assertEquals("hub/v1/big/telemetry", oversized.topic());
        assertEquals(42, oversized.packetId());
        assertEquals(size, oversized.payloadBytes());
        assertEquals(4096, oversized.head().length);
        MqttPublishMessage small = channel.readInbound();
        assertEquals("hub/v1/small/telemetry", small.variableHeader().topicName());
        small.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void anOversizedQos0PublishHasNothingToAcknowledge() {
        byte[] stream = publish("hub/v1/k1/telemetry", 0, 0, new byte[MAX_PAYLOAD + 500]);
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFrames(MAX_PAYLOAD, HEAD));
        channel.writeInbound(Unpooled.wrappedBuffer(stream));
        MqttFrames.Oversized oversized = channel.readInbound();
        assertEquals(Inbound.NO_ACK, oversized.packetId());
        assertEquals(0, oversized.qos());
    }

    @Test
    void aHugePacketThatIsNotAPublishIsRefused() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFrames(MAX_PAYLOAD, HEAD));
        // a SUBACK that claims 2 MB
        assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01})));
    }

    @Test
    void pubacksAreFourBytesEachInArrivalOrderAndOnlyForTheLiveConnection() {
        List<Inbound> batch = List.of(inbound(2, 0x0102), inbound(2, Inbound.NO_ACK), inbound(1, 0x0304),
                inbound(2, 0xFFFF), inbound(3, 7));
        ByteBuf acks = MqttIngest.pubacks(batch, 2, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        assertArrayEquals(new byte[] {0x40, 0x02, 0x01, 0x02, 0x40, 0x02, (byte) 0xFF, (byte) 0xFF}, ByteBufUtil.getBytes(acks));
        assertEquals(null, MqttIngest.pubacks(List.of(inbound(1, 5)), 2, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT),
                "messages of an older connection are sent again by the broker: nothing to acknowledge");
    }

    private static Inbound inbound(long connection, int packetId) {
        return new Inbound("hub/v1/k1/telemetry", new byte[0], 0, false, java.time.Instant.EPOCH, connection, packetId);
    }

    /** Decodes {@code stream} written in two pieces cut after byte {@code split}, or a byte at a time when it is 1. */
    private static List<String> decode(byte[] stream, int split) {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFrames(MAX_PAYLOAD, HEAD),
                new MqttDecoder(MqttFrames.maxPacket(MAX_PAYLOAD)));
        if (split == 1) {
            for (byte b : stream) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        } else {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, split));
            if (split < stream.length) {
                channel.writeInbound(Unpooled.wrappedBuffer(stream, split, stream.length - split));
            }
        }
        List<String> packets = new ArrayList<>();
        for (Object message; (message = channel.readInbound()) != null; ) {
            packets.add(describe(message));
        }
        channel.finishAndReleaseAll();
        return packets;
    }

    private static String describe(Object message) {
        if (message instanceof MqttFrames.Oversized oversized) {
            return "OVERSIZED " + oversized.topic() + " " + oversized.packetId() + " " + oversized.payloadBytes() + " "
                    + new String(oversized.head(), StandardCharsets.UTF_8);
        }
        MqttMessage mqtt = (MqttMessage) message;
        assertTrue(mqtt.decoderResult().isSuccess(), () -> "decoded " + mqtt.decoderResult().cause());
        String type = mqtt.fixedHeader().messageType().name();
        if (mqtt instanceof MqttPublishMessage publish) {
            String text = publish.variableHeader().topicName() + " " + publish.variableHeader().packetId() + " "
                    + publish.content().toString(StandardCharsets.UTF_8);
            publish.release();
            return type + " " + text;
        }
        if (mqtt instanceof MqttSubAckMessage ack) {
            return type + " " + ack.variableHeader().messageId();
        }
        return type;
    }

    /** What a broker sends a subscribing hub, with one PUBLISH just too large to take. */
    private static byte[] stream() {
        byte[] oversized = new byte[MAX_PAYLOAD + 1];
        Arrays.fill(oversized, (byte) 'y');
        return concat(
                encode(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).build()),
                encode(new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        MqttMessageIdVariableHeader.from(1), new MqttSubAckPayload(1, 1, 1, 1))),
                publish("hub/v1/k1/telemetry", 1, 7, "{\"seq\":0}".getBytes(StandardCharsets.UTF_8)),
                publish("hub/v1/k2/status", 0, 0, "online".getBytes(StandardCharsets.UTF_8)),
                publish("hub/v1/k3/telemetry", 1, 300, "x".repeat(300).getBytes(StandardCharsets.UTF_8)),
                encode(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0))),
                encode(MqttMessageBuilders.pubAck().packetId((short) 5).build()),
                publish("hub/v1/k4/telemetry", 1, 9, oversized),
                publish("hub/v1/k5/event", 1, 10, "{\"seq\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] publish(String topic, int qos, int packetId, byte[] payload) {
        return encode(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
                .retained(false).payload(Unpooled.wrappedBuffer(payload)).build());
    }

    private static byte[] encode(MqttMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.writeOutbound(message);
        ByteBuf out = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            out.writeBytes(part);
            part.release();
        }
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return ByteBufUtil.getBytes(all);
    }
}
