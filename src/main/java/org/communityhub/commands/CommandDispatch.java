package org.communityhub.commands;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communityhub.connectivity.Change;
import org.communityhub.connectivity.ConnectivityChanged;
import org.communityhub.connectivity.LinkState;
import org.communityhub.ingest.MqttConfig;
import org.jboss.logging.Logger;

/**
 * Sends waiting commands to devices that are online (or may be: UNKNOWN), on connections of its own to
 * the broker, apart from the ingestion's: a burst of commands (a broadcast to every unit of a county)
 * then queues on these connections and their event loops, never in front of the PUBACKs the ingestion
 * owes (docs/architecture.md). A device's commands always go on the same one of the
 * {@code connections} (its id's hash), in order. A command is SENT when the broker acknowledged it
 * (QoS 1); one whose PUBACK is lost with the connection stays PENDING and goes again: a device may get
 * a command twice and knows it by its {@code commandId}. Waiting commands whose expiry passed become
 * EXPIRED. Replicas share the work: a round claims what it reads ({@link #CLAIM}), so each command goes
 * out from one replica.
 */
@ApplicationScoped
public class CommandDispatch {

    private static final Logger LOG = Logger.getLogger(CommandDispatch.class);
    /**
     * Commands held in memory at a time: read and waiting to be published, or published and not yet
     * recorded as SENT. A province-wide broadcast (12,200 units) is held whole.
     */
    private static final int HELD = 15_000;
    /** Commands read per round: the first PLAYs of a broadcast go out while the next page is read. */
    private static final int PAGE = 2_000;
    /**
     * How long the commands a round reads stay this replica's: other replicas leave them alone
     * meanwhile, and take them over after it if this one died before the broker took them.
     */
    private static final java.time.Duration CLAIM = java.time.Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Commands commands;
    private final CommandAcks acks;
    private final MqttConfig mqtt;
    private final CommandsConfig config;
    private final List<CommandLink> links = new java.util.ArrayList<>();
    /** The commands held ({@link #HELD}): the next rounds leave them out. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dispatching = new AtomicBoolean();
    /** Commands the broker took, waiting to be recorded as SENT. */
    private final java.util.Queue<Commands.Taken> taken = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** The last round read as much as it had room for: more may be due. */
    private volatile boolean more;
    private long timer = -1;
    private volatile boolean stopped;

    CommandDispatch(Vertx vertx, Commands commands, CommandAcks acks, MqttConfig mqtt, CommandsConfig config) {
        this.acks = acks;
        this.vertx = vertx;
        this.commands = commands;
        this.mqtt = mqtt;
        this.config = config;
    }

    public void start(String brokerUrl) {
        URI broker = URI.create(brokerUrl);
        CommandLink.Listener listener = new CommandLink.Listener() {
            @Override
            public void taken(UUID commandId) {
                sent(commandId);
            }

            @Override
            public void refused(UUID commandId) {
                inFlight.remove(commandId);
            }

            @Override
            public void dropped() {
                inFlight.clear(); // what the other connections hold may go twice: at least once
            }
        };
        for (int i = 0; i < Math.max(1, config.connections()); i++) {
            MqttClientOptions options = new MqttClientOptions()
                    .setClientId(mqtt.clientId() + "-commands" + (i == 0 ? "" : "-" + i))
                    .setCleanSession(true).setAutoKeepAlive(true).setKeepAliveInterval(30);
            mqtt.username().ifPresent(options::setUsername);
            mqtt.password().ifPresent(options::setPassword);
            if ("ssl".equals(broker.getScheme())) {
                options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            }
            links.add(new CommandLink(vertx, options, broker, commands, listener));
        }
        links.forEach(CommandLink::connect);
        timer = vertx.setPeriodic(config.dispatchInterval().toMillis(), id -> dispatch());
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        links.forEach(CommandLink::stop);
    }

    void onQueued(@ObservesAsync CommandsQueued queued) {
        dispatch();
    }

    /**
     * Devices that came back (ONLINE after OFFLINE or UNKNOWN) get again what was sent to them and not
     * answered: a device that lost its connection may have missed it. Called on connectivity's thread
     * right after its commit; the work is done elsewhere.
     */
    void onChanged(@Observes ConnectivityChanged changed) {
        List<String> back = changed.changes().stream()
                .filter(change -> change.to() == LinkState.ONLINE && change.from() != LinkState.ONLINE)
                .map(Change::deviceId).distinct().toList();
        if (back.isEmpty() || stopped) {
            return;
        }
        vertx.<Integer>executeBlocking(() -> commands.resend(back, Instant.now()), false).onComplete(done -> {
            if (done.failed()) {
                LOG.warnf("commands: could not queue again the commands of %d device(s) back online: %s", back.size(),
                        done.cause().toString());
            } else if (done.result() > 0) {
                dispatch();
            }
        });
    }

    /**
     * One round: expire what is too late, and read a page of what is due (up to {@link #HELD} commands
     * held at a time, leaving out those already held), each given to its device's connection, which
     * publishes it as the broker's window allows; a full page is followed by the next at once. Rounds do not
     * overlap; the periodic timer and a new command start one, and so does a batch of SENT marks when
     * the last round was full, so a broadcast to thousands of units goes out at the broker's pace, and
     * no round runs for nothing while it does.
     */
    private void dispatch() {
        flushSent();
        if (stopped || !dispatching.compareAndSet(false, true)) {
            return;
        }
        int room = Math.min(PAGE, HELD - inFlight.size());
        vertx.<List<Command>>executeBlocking(() -> {
            Instant now = Instant.now();
            commands.expire(now);
            return links.stream().allMatch(CommandLink::connected) && room > 0
                    ? commands.due(now, room, List.copyOf(inFlight), mqtt.clientId(), CLAIM) : List.of();
        }, false).onComplete(result -> {
            dispatching.set(false);
            if (result.failed()) {
                LOG.warnf("commands: could not read the waiting commands: %s", result.cause().toString());
                return;
            }
            for (Command command : result.result()) {
                if (inFlight.add(command.commandId())) {
                    acks.sent(command.commandId(), command.deviceId());
                    links.get(Math.floorMod(command.deviceId().hashCode(), links.size())).send(command);
                }
            }
            more = room > 0 && result.result().size() == room;
            if (more && inFlight.size() < HELD) {
                dispatch(); // read the next page while this one goes out
            }
        });
    }

    /** The broker has the command: it is recorded as SENT with the next batch. */
    private void sent(UUID id) {
        taken.add(new Commands.Taken(id, Instant.now()));
        flushSent();
    }

    /**
     * Records the commands the broker took as SENT, as many as have come, in one statement; one flush
     * at a time, then the next round of dispatch. When the database is away they wait, in flight, for
     * the next round's flush.
     */
    private void flushSent() {
        if (taken.isEmpty() || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<Commands.Taken> batch = new java.util.ArrayList<>();
        Commands.Taken next;
        while (batch.size() < 10_000 && (next = taken.poll()) != null) {
            batch.add(next);
        }
        vertx.executeBlocking(() -> {
            commands.sent(batch);
            return null;
        }, false).onComplete(done -> {
            flushing.set(false);
            if (done.failed()) {
                LOG.warnf("commands: could not record %d command(s) as sent (%s); trying again", batch.size(),
                        done.cause().toString());
                taken.addAll(batch);
                return;
            }
            batch.forEach(sent -> inFlight.remove(sent.id()));
            if (!taken.isEmpty()) {
                flushSent();
            } else if (more) {
                dispatch(); // the last round was full: more is due, and there is room for it now
            }
        });
    }
}
