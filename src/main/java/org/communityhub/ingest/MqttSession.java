package org.communityhub.ingest;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One connection's MQTT 3.1.1 protocol, on its event-loop thread: CONNECT with clean session off,
 * SUBSCRIBE at QoS 1 to the contract's topics and the hub's mark topic, PUBLISH in (handed to the
 * {@link Pipeline} as it is decoded, an oversized one as its {@link MqttFrames.Oversized} stand-in),
 * PINGREQ when idle. PUBACKs and marks go out through {@link MqttIngest}.
 */
final class MqttSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(MqttSession.class);

    private final MqttIngest edge;
    private final MqttConfig config;
    private final Map<String, Integer> subscriptions;
    private final Pipeline pipeline;
    private long connection = -1;
    private boolean pingOutstanding;
    private Instant lastHeard;

    MqttSession(MqttIngest edge, MqttConfig config, Map<String, Integer> subscriptions, Pipeline pipeline) {
        this.edge = edge;
        this.config = config;
        this.subscriptions = subscriptions;
        this.pipeline = pipeline;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(config.clientId())
                .cleanSession(false).keepAlive(MqttIngest.KEEP_ALIVE_SECONDS);
        config.username().ifPresent(username -> connect.hasUser(true).username(username));
        config.password().ifPresent(password -> connect.hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)));
        ctx.writeAndFlush(connect.build());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        lastHeard = now();
        pingOutstanding = false;
        if (message instanceof MqttFrames.Oversized oversized) {
            pipeline.submit(new Inbound(oversized.topic(), oversized.head(), oversized.payloadBytes(), oversized.retain(),
                    lastHeard, connection, oversized.qos() == 0 ? Inbound.NO_ACK : oversized.packetId()));
            return;
        }
        try {
            MqttMessage mqtt = (MqttMessage) message;
            if (mqtt.decoderResult().isFailure()) {
                LOG.warnf("MQTT packet from %s not understood (%s); reconnecting", edge.broker(), mqtt.decoderResult().cause());
                ctx.close();
                return;
            }
            switch (mqtt.fixedHeader().messageType()) {
                case CONNACK -> connected(ctx, (MqttConnAckMessage) mqtt);
                case SUBACK -> subscribed((MqttSubAckMessage) mqtt);
                case PUBLISH -> received((MqttPublishMessage) mqtt);
                default -> {
                    // PINGRESP, and PUBACKs of the hub's own marks: nothing to do
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void connected(ChannelHandlerContext ctx, MqttConnAckMessage ack) {
        MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            LOG.errorf("MQTT broker %s refused the connection: %s; trying again", edge.broker(), code);
            ctx.close();
            return;
        }
        connection = edge.connected(ctx.channel());
        LOG.infof("MQTT connected to %s as %s%s", edge.broker(), config.clientId(),
                ack.variableHeader().isSessionPresent() ? " (session present)" : "");
        MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(1);
        subscriptions.forEach((topic, qos) -> subscribe.addSubscription(MqttQoS.valueOf(qos), topic));
        ctx.writeAndFlush(subscribe.build());
    }

    private void subscribed(MqttSubAckMessage ack) {
        if (ack.payload().grantedQoSLevels().stream().anyMatch(qos -> qos > 2)) {
            LOG.errorf("MQTT broker %s refused a subscription of %s: granted %s", edge.broker(), subscriptions.keySet(),
                    ack.payload().grantedQoSLevels());
        }
        edge.joined(lastHeard);
    }

    private void received(MqttPublishMessage publish) {
        MqttFixedHeader header = publish.fixedHeader();
        // QoS 2 is never granted (the hub subscribes at QoS 1), so an acknowledgement is a PUBACK
        int packetId = header.qosLevel() == MqttQoS.AT_MOST_ONCE ? Inbound.NO_ACK : publish.variableHeader().packetId();
        byte[] payload = ByteBufUtil.getBytes(publish.content());
        pipeline.submit(new Inbound(publish.variableHeader().topicName(), payload, payload.length, header.isRetain(),
                lastHeard, connection, packetId));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE && pingOutstanding && !edge.paused()) {
                // while the edge does not read (its queue is full), an unread PINGRESP proves nothing
                LOG.warnf("MQTT broker %s did not answer a ping; reconnecting", edge.broker());
                ctx.close();
            } else if (idle.state() == IdleState.WRITER_IDLE || idle.state() == IdleState.READER_IDLE) {
                pingOutstanding = true;
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        edge.lost(lastHeard);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warnf("MQTT connection to %s failed: %s", edge.broker(), cause.toString());
        ctx.close();
    }

    /** Receive times in microseconds, as the database keeps them, so that one instant is one value everywhere. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
