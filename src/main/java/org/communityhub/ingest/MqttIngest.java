package org.communityhub.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.timeout.IdleStateHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.communityhub.connectivity.Connectivity;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT edge, on Netty's MQTT codec: one persistent session (clean session off, a fixed
 * client id), so that the broker keeps what arrives while the hub is away; a PUBACK only after the
 * {@link Pipeline} committed the message, in arrival order, one flush per batch. A message is
 * acknowledged only on the connection it came in on: after a reconnect the broker sends every
 * unacknowledged message again (the copies are stored once), and an old packet id must not
 * acknowledge a new message that happens to carry the same id. Reading stops while the pipeline's
 * queue is full ({@link #pause()}), and the edge tells {@link Connectivity} when the hub joins or
 * loses the broker and publishes its catch-up {@link Marks}. The protocol of one connection is
 * {@link MqttSession}; why not Paho or the Vert.x client is in docs/architecture.md.
 */
@ApplicationScoped
public class MqttIngest {

    private static final Logger LOG = Logger.getLogger(MqttIngest.class);
    static final int KEEP_ALIVE_SECONDS = 30;
    /** The first byte of a PUBACK: packet type 4, no flags. */
    private static final int PUBACK = 0x40;

    private final Pipeline pipeline;
    private final MqttConfig config;
    private final IngestConfig ingestConfig;
    private final Marks marks;
    private final Connectivity connectivity;
    /** Which connection is current; bumped as soon as one is lost. */
    private final AtomicLong connection = new AtomicLong();

    private EventLoopGroup group;
    private Bootstrap bootstrap;
    private URI broker;
    private volatile Channel channel;
    private volatile boolean joined;
    private volatile boolean stopping;
    private volatile boolean paused;
    private long reconnectDelay = 500;
    private int markPacketId;

    MqttIngest(Pipeline pipeline, MqttConfig config, IngestConfig ingestConfig, Marks marks, Connectivity connectivity) {
        this.pipeline = pipeline;
        this.config = config;
        this.ingestConfig = ingestConfig;
        this.marks = marks;
        this.connectivity = connectivity;
    }

    public void start(String brokerUrl) {
        broker = parse(brokerUrl);
        BrokerTls tls = broker.getScheme().equals("ssl") ? new BrokerTls(null) : null;
        group = new NioEventLoopGroup(1, runnable -> {
            Thread thread = new Thread(runnable, "hub-mqtt");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Integer> subscriptions = subscriptions(config.sharedGroup(), marks.topic());
        int maxPayload = ingestConfig.maxPayloadBytes();
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.config().setAutoRead(!paused);
                        if (tls != null) {
                            channel.pipeline().addLast(tls.handler(channel.alloc(), broker.getHost(), broker.getPort()));
                        }
                        channel.pipeline().addLast(new MqttFrames(maxPayload, ingestConfig.deadLetterPayloadChars()),
                                new MqttDecoder(MqttFrames.maxPacket(maxPayload)), MqttEncoder.INSTANCE,
                                new IdleStateHandler(KEEP_ALIVE_SECONDS * 3 / 2, KEEP_ALIVE_SECONDS / 2, 0),
                                new MqttSession(MqttIngest.this, config, subscriptions, pipeline));
                    }
                });
        long markEvery = config.markInterval().toMillis();
        group.scheduleAtFixedRate(this::publishMark, markEvery, markEvery, TimeUnit.MILLISECONDS);
        connect();
    }

    /** This replica's client id when it shares the stream with others (a shared-subscription group is set). */
    public Optional<String> sharedAs() {
        return config.sharedGroup().filter(group -> !group.isBlank()).map(group -> config.clientId());
    }

    /** Whether the hub holds its broker session with its subscriptions in place. */
    public boolean connected() {
        return joined;
    }

    /** The contract topics the hub consumes (shared when configured) and its own mark topic (never shared). */
    static Map<String, Integer> subscriptions(Optional<String> sharedGroup, String markTopic) {
        String prefix = sharedGroup.filter(group -> !group.isBlank()).map(group -> "$share/" + group + "/").orElse("");
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Topic.Channel channel : List.of(Topic.Channel.TELEMETRY, Topic.Channel.EVENT, Topic.Channel.STATUS,
                Topic.Channel.COMMAND_ACK)) {
            topics.put(prefix + "hub/v1/+/" + channel.suffix(), 1);
        }
        topics.put(markTopic, 1);
        return topics;
    }

    /**
     * Acknowledges a committed batch in arrival order: its PUBACKs in one buffer and one write, on the
     * connection the messages came in on.
     */
    public void acknowledge(List<Inbound> batch) {
        Channel current = channel;
        if (current == null || current.eventLoop().isShuttingDown()) {
            return; // stopping: the broker sends these again to the next run
        }
        current.eventLoop().execute(() -> {
            if (current.isActive()) {
                ByteBuf acks = pubacks(batch, connection.get(), current.alloc());
                if (acks != null) {
                    current.writeAndFlush(acks);
                }
            }
        });
    }

    /**
     * The PUBACKs of a batch (4 bytes each, MQTT 3.1.1 §3.4) in arrival order, for the messages that
     * came in on connection {@code live}: those of an older connection are left out, as the broker
     * sends them again. Null when there is nothing to acknowledge.
     */
    static ByteBuf pubacks(List<Inbound> batch, long live, ByteBufAllocator alloc) {
        ByteBuf acks = null;
        for (Inbound message : batch) {
            if (message.packetId() != Inbound.NO_ACK && message.connection() == live) {
                if (acks == null) {
                    acks = alloc.buffer(4 * batch.size());
                }
                acks.writeByte(PUBACK).writeByte(2).writeShort(message.packetId());
            }
        }
        return acks;
    }

    /** Stops reading from the broker: the pipeline's queue is full. Called on the event loop. */
    void pause() {
        paused = true;
        Channel current = channel;
        if (current != null) {
            current.config().setAutoRead(false);
        }
    }

    /** Reads from the broker again. */
    void resume() {
        paused = false;
        Channel current = channel;
        if (current != null) {
            current.eventLoop().execute(() -> current.config().setAutoRead(true));
        }
    }

    boolean paused() {
        return paused;
    }

    /**
     * Drops the connection after messages were lost in the hub (a defect): the broker sends every
     * unacknowledged message again on the next connection, so nothing waits unacknowledged in silence.
     */
    void reset(String why) {
        Channel current = channel;
        if (current != null && current.isActive()) {
            LOG.warnf("dropping the MQTT connection so that the broker sends again what was not acknowledged: %s", why);
            current.close();
        }
    }

    public void stop() {
        if (sharedAs().isPresent()) {
            leave();
        }
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

    /**
     * A replica sharing the stream leaves it while others hear (docs/operations.md#scaling-in): it
     * unsubscribes, so the broker sends its share to the others instead of queueing it, then drains
     * what was already queued for it (one of its marks comes back through the same queue), and only
     * then disconnects. The last replica that hears keeps its subscription, so that the broker
     * queues the stream for it while none runs.
     */
    private void leave() {
        Channel current = channel;
        if (!joined || current == null || !current.isActive() || !connectivity.leaving()) {
            return;
        }
        Instant at = MqttSession.now();
        current.eventLoop().execute(() -> {
            MqttMessageBuilders.UnsubscribeBuilder unsubscribe = MqttMessageBuilders.unsubscribe().messageId(2);
            subscriptions(config.sharedGroup(), marks.topic()).keySet().stream()
                    .filter(topic -> !topic.equals(marks.topic())).forEach(unsubscribe::addTopicFilter);
            current.write(unsubscribe.build());
            publishMark(current, at); // behind everything the broker queued for this replica
        });
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (!connectivity.heardUntil().map(until -> !until.isBefore(at)).orElse(false)) {
            if (System.nanoTime() > deadline || !current.isActive()) {
                LOG.warnf("MQTT: what the broker had queued for this replica was not drained within %s; the broker "
                        + "keeps the rest in its session for its next start", config.drainTimeout());
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        connectivity.left();
        LOG.infof("MQTT: this replica left the shared stream and drained its share; the others take all of it");
    }

    URI broker() {
        return broker;
    }

    /** The broker accepted the connection: returns its number, which the messages received on it carry. */
    long connected(Channel connected) {
        channel = connected;
        reconnectDelay = 500;
        return connection.get();
    }

    /** The subscriptions are in place: the hub hears again once what the broker queued has come in. */
    void joined(Instant at) {
        joined = true;
        connectivity.brokerJoined(at);
        publishMark();
    }

    /** The connection is gone; the hub last heard from the broker at {@code lastHeard} (null: never on it). */
    void lost(Instant lastHeard) {
        connection.incrementAndGet();
        boolean was = joined;
        joined = false;
        if (was && !stopping) {
            // a hub that stops records its own downtime (HUB_DOWN) at its next start
            connectivity.brokerLost(lastHeard != null ? lastHeard : MqttSession.now());
        }
        if (!stopping) {
            if (was) {
                LOG.warnf("MQTT connection to %s lost; reconnecting", broker);
            }
            reconnectLater();
        }
    }

    /** Runs on the event loop. */
    private void publishMark() {
        Channel current = channel;
        if (!joined || current == null || !current.isActive()) {
            return;
        }
        publishMark(current, MqttSession.now());
    }

    /** Runs on the event loop: a mark published at {@code at} on {@code current}. */
    private void publishMark(Channel current, Instant at) {
        markPacketId = markPacketId % 65_535 + 1;
        current.writeAndFlush(MqttMessageBuilders.publish().topicName(marks.topic()).qos(MqttQoS.AT_LEAST_ONCE)
                .retained(false).messageId(markPacketId).payload(Unpooled.wrappedBuffer(marks.payload(at))).build());
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
        reconnectDelay = Math.min(reconnectDelay * 2, config.maxReconnectDelay().toMillis());
        if (!stopping) {
            group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
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
}
