package org.communityhub.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT 3.1.1 session, on Netty's MQTT codec: QoS 1, clean session off and a fixed client
 * id, so that the broker keeps what arrives while the hub is away; a PUBACK only after the
 * {@link Pipeline} committed the message, in arrival order, one flush per batch. A message is
 * acknowledged only on the connection it came in on: after a reconnect the broker sends every
 * unacknowledged message again (the copies are stored once), and an old packet id must not
 * acknowledge a new message that happens to carry the same id. Messages are handed to the pipeline
 * on the connection's event-loop thread as they are decoded; why not Paho or the Vert.x client is in
 * docs/architecture.md.
 */
@ApplicationScoped
public class MqttIngest {

    private static final Logger LOG = Logger.getLogger(MqttIngest.class);
    private static final int KEEP_ALIVE_SECONDS = 30;
    /** The largest packet MQTT allows; the broker's own limit is lower (docs/operations.md). */
    private static final int MAX_PACKET_BYTES = 268_435_455;
    /** The first byte of a PUBACK: packet type 4, no flags. */
    private static final int PUBACK = 0x40;

    private final Pipeline pipeline;
    private final IngestConfig config;
    /** Which connection is current; bumped as soon as one is lost. */
    private final AtomicLong connection = new AtomicLong();

    private EventLoopGroup group;
    private Bootstrap bootstrap;
    private URI broker;
    private volatile Channel channel;
    private volatile boolean connected;
    private volatile boolean stopping;
    private long reconnectDelay = 500;

    MqttIngest(Pipeline pipeline, IngestConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    public void start(String brokerUrl) {
        broker = parse(brokerUrl);
        SslContext ssl = broker.getScheme().equals("ssl") ? tls() : null;
        group = new NioEventLoopGroup(1, runnable -> {
            Thread thread = new Thread(runnable, "hub-mqtt");
            thread.setDaemon(true);
            return thread;
        });
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (ssl != null) {
                            channel.pipeline().addLast(ssl.newHandler(channel.alloc(), broker.getHost(), broker.getPort()));
                        }
                        channel.pipeline().addLast(new MqttFrames(), new MqttDecoder(MAX_PACKET_BYTES), MqttEncoder.INSTANCE,
                                new IdleStateHandler(KEEP_ALIVE_SECONDS * 3 / 2, KEEP_ALIVE_SECONDS / 2, 0), new Session());
                    }
                });
        connect();
    }

    public boolean connected() {
        return connected;
    }

    /** The contract topics the hub consumes, with the shared-subscription prefix when configured. */
    static Map<String, Integer> subscriptions(Optional<String> sharedGroup) {
        String prefix = sharedGroup.filter(group -> !group.isBlank()).map(group -> "$share/" + group + "/").orElse("");
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Topic.Channel channel : List.of(Topic.Channel.TELEMETRY, Topic.Channel.EVENT, Topic.Channel.STATUS)) {
            topics.put(prefix + "hub/v1/+/" + channel.suffix(), 1);
        }
        return topics;
    }

    /**
     * Acknowledges a committed batch in arrival order: its PUBACKs (4 bytes each, MQTT 3.1.1 §3.4)
     * in one buffer and one write, on the connection the messages came in on; messages of an older
     * connection are left out, as the broker sends them again.
     */
    public void acknowledge(List<Inbound> batch) {
        Channel current = channel;
        if (current == null) {
            return;
        }
        current.eventLoop().execute(() -> {
            long live = connection.get();
            if (!current.isActive()) {
                return;
            }
            ByteBuf acks = null;
            for (Inbound message : batch) {
                if (message.packetId() != Inbound.NO_ACK && message.connection() == live) {
                    if (acks == null) {
                        acks = current.alloc().buffer(4 * batch.size());
                    }
                    acks.writeByte(PUBACK).writeByte(2).writeShort(message.packetId());
                }
            }
            if (acks != null) {
                current.writeAndFlush(acks);
            }
        });
    }

    public void stop() {
        stopping = true;
        Channel current = channel;
        if (current != null && current.isActive()) {
            current.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                    MqttQoS.AT_MOST_ONCE, false, 0))).awaitUninterruptibly(2_000);
            current.close().awaitUninterruptibly(2_000);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        bootstrap.connect(broker.getHost(), broker.getPort()).addListener(future -> {
            if (!future.isSuccess()) {
                LOG.warnf("MQTT connection to %s failed: %s; trying again in %d ms", broker, future.cause().getMessage(),
                        reconnectDelay);
                reconnectLater();
            }
        });
    }

    /** Runs on the event loop. */
    private void reconnectLater() {
        long delay = reconnectDelay;
        reconnectDelay = Math.min(reconnectDelay * 2, config.mqtt().maxReconnectDelay().toMillis());
        if (!stopping) {
            group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** One connection's protocol: CONNECT, SUBSCRIBE, PUBLISH in, PUBACK out, PINGREQ when idle. */
    private final class Session extends SimpleChannelInboundHandler<MqttMessage> {

        private long onConnection;
        private boolean pingOutstanding;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(config.mqtt().clientId())
                    .cleanSession(false).keepAlive(KEEP_ALIVE_SECONDS);
            config.mqtt().username().ifPresent(username -> connect.hasUser(true).username(username));
            config.mqtt().password().ifPresent(password -> connect.hasPassword(true)
                    .password(password.getBytes(StandardCharsets.UTF_8)));
            ctx.writeAndFlush(connect.build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message.decoderResult().isFailure()) {
                LOG.warnf("MQTT packet from %s not understood (%s); reconnecting", broker, message.decoderResult().cause());
                ctx.close();
                return;
            }
            pingOutstanding = false;
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> connected(ctx, (MqttConnAckMessage) message);
                case SUBACK -> subscribed((MqttSubAckMessage) message);
                case PUBLISH -> received((MqttPublishMessage) message);
                default -> {
                    // PINGRESP; this client publishes nothing, so nothing else is expected
                }
            }
        }

        private void connected(ChannelHandlerContext ctx, MqttConnAckMessage ack) {
            MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
            if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                LOG.errorf("MQTT broker %s refused the connection: %s; trying again", broker, code);
                ctx.close();
                return;
            }
            onConnection = connection.get();
            channel = ctx.channel();
            connected = true;
            reconnectDelay = 500;
            boolean session = ack.variableHeader().isSessionPresent();
            LOG.infof("MQTT connected to %s as %s%s", broker, config.mqtt().clientId(),
                    session ? " (session present)" : "");
            MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(1);
            subscriptions(config.mqtt().sharedGroup()).forEach((topic, qos) -> subscribe.addSubscription(MqttQoS.valueOf(qos), topic));
            ctx.writeAndFlush(subscribe.build());
        }

        private void subscribed(MqttSubAckMessage ack) {
            if (ack.payload().grantedQoSLevels().stream().anyMatch(qos -> qos > 2)) {
                LOG.errorf("MQTT broker %s refused a subscription of %s: granted %s", broker,
                        subscriptions(config.mqtt().sharedGroup()).keySet(), ack.payload().grantedQoSLevels());
            }
        }

        private void received(MqttPublishMessage publish) {
            MqttFixedHeader header = publish.fixedHeader();
            // QoS 2 is never granted (the hub subscribes at QoS 1), so an acknowledgement is a PUBACK
            int packetId = header.qosLevel() == MqttQoS.AT_MOST_ONCE ? Inbound.NO_ACK : publish.variableHeader().packetId();
            pipeline.submit(new Inbound(publish.variableHeader().topicName(), ByteBufUtil.getBytes(publish.content()),
                    header.isRetain(), Instant.now(), onConnection, packetId));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.READER_IDLE && pingOutstanding) {
                    LOG.warnf("MQTT broker %s did not answer a ping; reconnecting", broker);
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
            connection.incrementAndGet();
            boolean was = connected;
            connected = false;
            if (!stopping) {
                if (was) {
                    LOG.warnf("MQTT connection to %s lost; reconnecting", broker);
                }
                reconnectLater();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warnf("MQTT connection to %s failed: %s", broker, cause.toString());
            ctx.close();
        }
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url);
            if ((uri.getScheme().equals("tcp") || uri.getScheme().equals("ssl")) && uri.getHost() != null && uri.getPort() > 0) {
                return uri;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // fall through
        }
        throw new IllegalArgumentException("HUB_MQTT_URL must look like tcp://host:1883 or ssl://host:8883, not " + url);
    }

    private static SslContext tls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for MQTT could not be set up", e);
        }
    }
}
