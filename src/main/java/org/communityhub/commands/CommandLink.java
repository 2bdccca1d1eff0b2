package org.communityhub.commands;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * One of the dispatch's MQTT connections: it publishes the commands given to it at QoS 1, at most
 * {@link #IN_FLIGHT} waiting for the broker's PUBACK at a time (a pump tops the window up on each
 * PUBACK), and tells its {@link Listener} of each command the broker took. When the connection
 * drops, what it held is forgotten, so that the next round reads those commands again, and it
 * reconnects.
 */
final class CommandLink {

    private static final Logger LOG = Logger.getLogger(CommandLink.class);
    /** Unacknowledged publishes per connection; the broker's own window is larger. */
    static final int IN_FLIGHT = 1000;
    private static final Object ACKNOWLEDGED = new Object();

    private final Vertx vertx;
    private final URI broker;
    private final Commands commands;
    private final Listener listener;
    private final MqttClient client;
    /**
     * Packet id to the command published with it, until the broker acknowledges it. The PUBACK can be
     * handled before the publish's own completion has recorded the packet id (the publish is written
     * from another thread than the connection's), so whichever comes second finds the other's entry:
     * the command, or {@link #ACKNOWLEDGED}.
     */
    private final Map<Integer, Object> packets = new ConcurrentHashMap<>();
    /** Given and waiting for room in the window, oldest first. */
    private final Queue<Command> ready = new ConcurrentLinkedQueue<>();
    /** Publishes waiting for the broker's PUBACK; guarded by this. */
    private int unacknowledged;
    private volatile boolean stopped;

    /** What the dispatch hears from a connection. */
    interface Listener {
        /** The broker acknowledged the command. */
        void taken(UUID commandId);

        /** The command could not be published (it is still waiting: the next round reads it again). */
        void refused(UUID commandId);

        /** The connection dropped and everything it held was forgotten. */
        void dropped();
    }

    CommandLink(Vertx vertx, MqttClientOptions options, URI broker, Commands commands, Listener listener) {
        this.vertx = vertx;
        this.broker = broker;
        this.commands = commands;
        this.listener = listener;
        this.client = MqttClient.create(vertx, options.setMaxInflightQueue(IN_FLIGHT + 100)); // over the pump's count
        client.publishCompletionHandler(this::acknowledged);
        client.closeHandler(closed -> {
            packets.clear();
            ready.clear();
            synchronized (this) {
                unacknowledged = 0;
            }
            listener.dropped();
            if (!stopped) {
                LOG.warnf("commands: the broker connection %s closed; reconnecting", options.getClientId());
                vertx.setTimer(1000, id -> connect());
            }
        });
    }

    void connect() {
        if (stopped) {
            return;
        }
        int port = broker.getPort() > 0 ? broker.getPort() : "ssl".equals(broker.getScheme()) ? 8883 : 1883;
        client.connect(port, broker.getHost()).onFailure(e -> {
            LOG.warnf("commands: cannot reach the broker (%s); trying again", e.getMessage());
            vertx.setTimer(1000, id -> connect());
        });
    }

    boolean connected() {
        return client.isConnected();
    }

    void stop() {
        stopped = true;
        if (client.isConnected()) {
            client.disconnect();
        }
    }

    /** Publishes {@code command} as soon as the window has room. */
    void send(Command command) {
        ready.add(command);
        pump();
    }

    private synchronized void pump() {
        Command command;
        while (unacknowledged < IN_FLIGHT && (command = ready.poll()) != null) {
            unacknowledged++;
            publish(command);
        }
    }

    private synchronized void acknowledgedOne() {
        unacknowledged = Math.max(0, unacknowledged - 1);
    }

    private void publish(Command command) {
        String topic = "hub/v1/" + command.deviceId() + "/command";
        client.publish(topic, Buffer.buffer(commands.payload(command)), MqttQoS.AT_LEAST_ONCE, false, false)
                .onSuccess(packetId -> {
                    if (packets.putIfAbsent(packetId, command.commandId()) == ACKNOWLEDGED) {
                        packets.remove(packetId);
                        listener.taken(command.commandId());
                    }
                })
                .onFailure(e -> {
                    acknowledgedOne();
                    listener.refused(command.commandId());
                });
    }

    private void acknowledged(Integer packetId) {
        if (packets.putIfAbsent(packetId, ACKNOWLEDGED) instanceof UUID id) {
            packets.remove(packetId);
            listener.taken(id);
        }
        acknowledgedOne();
        pump();
    }
}
