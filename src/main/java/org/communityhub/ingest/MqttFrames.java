package org.communityhub.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Cuts the byte stream into whole MQTT packets (fixed header, remaining length, body) before
 * Netty's {@code MqttDecoder} sees them. That decoder (netty-codec-mqtt 4.1.133) fails with a
 * TooLongFrameException whenever a PUBLISH's variable header is split across two reads, which
 * happens all the time while a broker replays a backlog; given one whole packet at a time it never
 * has to replay (docs/architecture.md).
 */
final class MqttFrames extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
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
            if (readable < header + length) {
                return;
            }
            out.add(in.readRetainedSlice(header + length));
        }
    }
}
