package org.communityhub.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts the byte stream from the broker into whole MQTT packets (fixed header, remaining length,
 * body) before Netty's {@code MqttDecoder} sees them, and skips the payload of a PUBLISH too large to
 * take as it streams in.
 *
 * <ul>
 * <li><b>Whole packets.</b> netty-codec-mqtt 4.1.133 (the Quarkus 3.33 BOM's) throws
 * TooLongFrameException whenever a PUBLISH's variable header is split across two reads, which
 * happens all the time while a broker replays a backlog: netty/netty#16776, a regression of the
 * CVE-2026-44248 fix, mended by netty/netty#16916 for 4.1. Given one whole packet at a time the
 * decoder never has to replay. This part can go once the BOM brings a netty-codec-mqtt with #16916
 * and {@code MqttFramesTest}'s split-point test passes with the decoder alone.</li>
 * <li><b>Oversized payloads.</b> A PUBLISH whose payload exceeds {@code maxPayload} is never held
 * whole: its topic and packet id are read, its payload skipped as it arrives (keeping only its first
 * {@code headBytes} for the dead letter), and an {@link Oversized} goes down the pipeline in its
 * place, in order, to be dead-lettered and acknowledged like any message. Memory stays at one read's
 * worth however large the packet.</li>
 * </ul>
 */
final class MqttFrames extends ByteToMessageDecoder {

    /** A PUBLISH whose payload was too large to take: what is needed to dead-letter and acknowledge it. */
    record Oversized(String topic, int qos, boolean retain, int packetId, int payloadBytes, byte[] head) {
    }

    /** The largest packet other than a PUBLISH that a broker sends a subscriber (CONNACK, SUBACK, PUBACK, PINGRESP: a few bytes). */
    static final int MAX_CONTROL_PACKET = 64 * 1024;
    /** The longest variable header of a PUBLISH: topic length, a topic of up to 65,535 bytes, packet id. */
    static final int MAX_PUBLISH_HEADER = 2 + 65_535 + 2;
    private static final int PUBLISH = 3;

    private final int maxPayload;
    private final int headBytes;
    private Skipping skipping;

    MqttFrames(int maxPayload, int headBytes) {
        this.maxPayload = maxPayload;
        this.headBytes = headBytes;
    }

    /** The largest packet this cutter passes on whole: what the decoder behind it must accept. */
    static int maxPacket(int maxPayload) {
        return MAX_PUBLISH_HEADER + Math.max(maxPayload, MAX_CONTROL_PACKET);
    }

    /** Bytes held while waiting for the rest of a packet, for tests. */
    int buffered() {
        return internalBuffer().readableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (skipping != null) {
                if (!skipping.take(in)) {
                    return;
                }
                out.add(skipping.oversized());
                skipping = null;
                continue;
            }
            int start = in.readerIndex();
            int readable = in.readableBytes();
            if (readable < 2) {
                return;
            }
            int length = 0;
            int multiplier = 1;
            int header = 1;
            while (true) {
                if (header >= readable) {
                    return; // the remaining length is not complete yet
                }
                byte digit = in.getByte(start + header);
                header++;
                length += (digit & 0x7f) * multiplier;
                if ((digit & 0x80) == 0) {
                    break;
                }
                multiplier *= 128;
                if (header > 4) {
                    throw new CorruptedFrameException("an MQTT remaining length is at most 4 bytes");
                }
            }
            int first = in.getUnsignedByte(start);
            if (first >> 4 == PUBLISH) {
                if (length > maxPayload) {
                    int qos = (first >> 1) & 0x03;
                    if (readable < header + 2) {
                        return;
                    }
                    int topicLength = in.getUnsignedShort(start + header);
                    int variable = 2 + topicLength + (qos > 0 ? 2 : 0);
                    if (variable > length) {
                        throw new CorruptedFrameException("a PUBLISH's topic runs past the end of the packet");
                    }
                    if (length - variable > maxPayload) {
                        if (readable < header + variable) {
                            return; // at most 64 KiB of topic
                        }
                        String topic = in.toString(start + header + 2, topicLength, StandardCharsets.UTF_8);
                        int packetId = qos > 0 ? in.getUnsignedShort(start + header + 2 + topicLength) : Inbound.NO_ACK;
                        in.skipBytes(header + variable);
                        skipping = new Skipping(topic, qos, (first & 0x01) != 0, packetId, length - variable, headBytes);
                        continue;
                    }
                }
            } else if (length > MAX_CONTROL_PACKET) {
                throw new CorruptedFrameException("a packet of type " + (first >> 4) + " with " + length
                        + " bytes is not one a broker sends a subscriber");
            }
            if (readable < header + length) {
                return;
            }
            out.add(in.readRetainedSlice(header + length));
        }
    }

    /** The payload of an oversized PUBLISH, being skipped. */
    private static final class Skipping {
        private final String topic;
        private final int qos;
        private final boolean retain;
        private final int packetId;
        private final int payloadBytes;
        private final byte[] head;
        private int kept;
        private int remaining;

        Skipping(String topic, int qos, boolean retain, int packetId, int payloadBytes, int headBytes) {
            this.topic = topic;
            this.qos = qos;
            this.retain = retain;
            this.packetId = packetId;
            this.payloadBytes = payloadBytes;
            this.head = new byte[Math.min(headBytes, payloadBytes)];
            this.remaining = payloadBytes;
        }

        /** Consumes what is readable of the payload; true once all of it has passed. */
        boolean take(ByteBuf in) {
            int n = Math.min(in.readableBytes(), remaining);
            int keep = Math.min(n, head.length - kept);
            in.readBytes(head, kept, keep);
            kept += keep;
            in.skipBytes(n - keep);
            remaining -= n;
            return remaining == 0;
        }

        Oversized oversized() {
            return new Oversized(topic, qos, retain, packetId, payloadBytes, head);
        }
    }
}
