package org.communityhub.simulators.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.communityhub.simulators.devices.CommandTypes;
import org.communityhub.simulators.devices.Malformed;
import org.communityhub.simulators.devices.Message;
import org.communityhub.simulators.devices.SimulatedDevice;
import org.communityhub.simulators.scenario.FleetSpec;
import org.communityhub.simulators.scenario.Scenario;
import org.communityhub.simulators.scenario.Step;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Runs a fleet against a broker: every device reports at its class's interval divided by the
 * scenario's time scale, a share of readings is spoiled on purpose, and the scenario's timeline
 * (power and network losses, reconnect storms, reboots, clock skew, bad messages, events) happens
 * on schedule. Each device is driven under its own lock, so its {@code seq} and buffer stay whole.
 */
public final class FleetRun {

    private final Scenario scenario;
    private final HubApi hub;
    /** The broadcasts the timeline dispatched, by id. */
    private final List<Long> broadcasts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final List<MqttAsyncClient> sharedClients = new ArrayList<>();
    private final Counters counters = new Counters();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    private static final ObjectMapper COMMANDS = new ObjectMapper();
    private final Map<String, Slot> byId = new java.util.HashMap<>();
    /** Connections are made in parallel, so that a reconnect storm reaches the broker at once. */
    private final ExecutorService connector = Executors.newFixedThreadPool(256);
    private final ExecutorService steps = Executors.newSingleThreadExecutor();
    private long start;
    private PrintStream out;

    /** A device and its way to the broker; {@code networkUp} is false while a step cut it off. */
    private static final class Slot {
        final SimulatedDevice device;
        final Uplink uplink;
        final SplittableRandom random;
        /** Held while the device reports or a step acts on it. */
        final ReentrantLock lock = new ReentrantLock();
        volatile boolean networkUp = true;

        Slot(SimulatedDevice device, Uplink uplink, SplittableRandom random) {
            this.device = device;
            this.uplink = uplink;
            this.random = random;
        }
    }

    /**
     * @param sharedConnections 0: a connection per device (with its will); otherwise the devices
     *                          share this many connections (on a broker that does not enforce device credentials)
     * @param passwords         device id to its MQTT password, for the devices that have one
     * @param hub               the hub's API under /api/v1/, for broadcast steps (null when the timeline has none)
     */
    public FleetRun(Scenario scenario, List<FleetSpec.Device> devices, String broker, int sharedConnections,
            Map<String, String> passwords, HubApi hub) throws MqttException {
        this.scenario = scenario;
        this.hub = hub;
        String runId = Long.toString(ProcessHandle.current().pid(), 36) + Long.toString(System.nanoTime() % 1_000_000, 36);
        for (int c = 0; c < sharedConnections; c++) {
            sharedClients.add(Uplink.Shared.open(broker, "fleet-" + runId + "-" + c));
        }
        for (int i = 0; i < devices.size(); i++) {
            FleetSpec.Device spec = devices.get(i);
            SimulatedDevice device = new SimulatedDevice(spec.id(), spec.deviceClass(), spec.areaCode(),
                    scenario.behaviour(), scenario.seed());
            Uplink uplink = sharedConnections == 0 ? new Uplink.Own(broker, spec.id(), passwords.get(spec.id()))
                    : new Uplink.Shared(sharedClients.get(i % sharedConnections));
            Slot slot = new Slot(device, uplink, new SplittableRandom(scenario.seed() ^ spec.id().hashCode()));
            slots.add(slot);
            byId.put(spec.id(), slot);
            uplink.listen(payload -> answer(slot, payload));
        }
        // each shared connection subscribes to its own devices' command topics only (a wildcard would
        // make the broker deliver every command to every connection: 8 times the work for 8 connections),
        // and hands every message to one client-wide callback: Paho matches each message against every
        // filter that has a listener of its own, 1,525 filters a connection for 12,200 units, which made
        // the simulator, not the hub, set the pace of a broadcast (all PLAYs out in 3.3 s instead of 1.7 s)
        for (int c = 0; c < sharedClients.size(); c++) {
            MqttAsyncClient shared = sharedClients.get(c);
            shared.setCallback(new CommandsArrive());
            List<String> topics = new ArrayList<>();
            for (int i = c; i < slots.size(); i += sharedClients.size()) {
                topics.add("hub/v1/" + slots.get(i).device.id() + "/command");
            }
            for (int from = 0; from < topics.size(); from += 500) {
                List<String> chunk = topics.subList(from, Math.min(from + 500, topics.size()));
                int[] qos = new int[chunk.size()];
                java.util.Arrays.fill(qos, 1);
                shared.subscribe(chunk.toArray(String[]::new), qos).waitForCompletion(10_000);
            }
        }
    }

    /** A shared connection's commands, each to the device its topic names. */
    private final class CommandsArrive implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Slot slot = byId.get(topic.split("/")[2]);
            if (slot != null) {
                answer(slot, message.getPayload());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            // the fleet's progress lines show a lost shared connection as devices no longer connected
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // each publish has a listener of its own
        }
    }

    /**
     * A command reaches a device: it answers ACCEPTED at once and DONE a moment later (a second of
     * simulated time), or REJECTED for a type it does not know; REBOOT restarts it. A device without
     * power or network does not answer; the hub sends the command again when it is back.
     */
    private void answer(Slot slot, byte[] payload) {
        JsonNode command;
        try {
            command = COMMANDS.readTree(payload);
        } catch (java.io.IOException e) {
            counters.errors.incrementAndGet();
            return;
        }
        String id = command.path("commandId").asText();
        String type = command.path("type").asText();
        if (!slot.device.powered() || !slot.networkUp) {
            return;
        }
        if (!CommandTypes.known(slot.device.deviceClass(), type)) {
            publish(slot, slot.device.ack(id, "REJECTED", "this device does not take " + type));
            return;
        }
        if ("PLAY".equals(type)) {
            play(slot, id, command.path("params"));
            return;
        }
        publish(slot, slot.device.ack(id, "ACCEPTED", null));
        long delay = Math.max(50, Math.round(1000 / scenario.timeScale()));
        scheduler.schedule(() -> {
            if ("REBOOT".equals(type)) {
                slot.device.reboot();
            }
            publish(slot, slot.device.ack(id, "DONE", null));
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects the fleet, runs it for {@code length} (with the timeline if {@code timeline}),
     * prints progress every {@code every} to {@code out}, then switches the devices off cleanly.
     * Returns the run's figures.
     */
    public ObjectNode run(Duration length, boolean timeline, Duration every, PrintStream out) throws InterruptedException {
        this.out = out;
        long connecting = System.nanoTime();
        all(slots, slot -> connect(slot));
        out.printf("%d devices, %d connected in %.1f s; the run and its timeline start now%n", slots.size(), connected(),
                (System.nanoTime() - connecting) / 1e9);
        start = System.nanoTime();
        ZonedDateTime startedAt = ZonedDateTime.now();
        for (Slot slot : slots) {
            long period = Math.max(20, Math.round(slot.device.deviceClass().interval.toMillis() / scenario.timeScale()));
            long phase = slot.random.nextLong(Math.min(period, 5_000));
            scheduler.scheduleAtFixedRate(() -> report(slot), phase, period, TimeUnit.MILLISECONDS);
        }
        if (timeline) {
            for (Step step : scenario.timeline()) {
                schedule(step, startedAt);
            }
        }
        long end = start + length.toNanos();
        long lastSent = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(every.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long sent = counters.sent();
            out.printf("%5ds  connected %d/%d  sent %d (+%d)  acknowledged %d  readings %d  events %d  malformed %d  errors %d%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), connected(), slots.size(), sent,
                    sent - lastSent, counters.acknowledged.get(), counters.readings.get(), counters.events.get(),
                    counters.malformed().values().stream().mapToLong(Long::longValue).sum(), counters.errors.get());
            lastSent = sent;
        }
        scheduler.shutdownNow();
        steps.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        steps.awaitTermination(10, TimeUnit.SECONDS);
        all(slots, slot -> slot.uplink.close(slot.device.status(false)));
        connector.shutdown();
        for (MqttAsyncClient client : sharedClients) {
            quietly(() -> {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            });
        }
        ObjectNode figures = counters.json().put("devices", slots.size())
                .put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        if (!broadcasts.isEmpty()) {
            figures.set("broadcasts", broadcastFigures());
        }
        return figures;
    }

    /** One interval of a device; skipped while a step (a reconnect, say) holds the device. */
    private void report(Slot slot) {
        if (!slot.lock.tryLock()) {
            return;
        }
        try {
            if (!slot.device.powered()) {
                return;
            }
            boolean linked = slot.networkUp && (slot.uplink.connected() || connect(slot));
            for (Message message : slot.device.report(Instant.now(), linked)) {
                publish(slot, message);
            }
            if (linked && scenario.malformedShare() > 0 && slot.random.nextDouble() < scenario.malformedShare()) {
                List<Malformed> kinds = scenario.malformedKinds();
                publish(slot, slot.device.malformed(kinds.get(slot.random.nextInt(kinds.size())), Instant.now()));
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private void schedule(Step step, ZonedDateTime startedAt) {
        List<Slot> those = slots.stream().filter(slot -> step.matches(slot.device))
                .limit(step.count() == null ? Long.MAX_VALUE : step.count()).toList();
        String name = step.action().name().toLowerCase().replace('_', ' ');
        at(step.moment().after(startedAt), name, those.size(), () -> begin(step, those));
        switch (step.action()) {
            case POWER_LOSS -> at(step.end().after(startedAt), "power back", those.size(), () -> all(those, slot -> {
                boolean wasOff = !slot.device.powered();
                slot.device.mains(true);
                if (wasOff) { // a kiosk comes back from nothing
                    slot.device.reboot();
                    connect(slot);
                }
            }));
            case NETWORK_LOSS -> at(step.end().after(startedAt), "network back", those.size(), () -> all(those, this::reconnect));
            case RECONNECT_STORM -> at(step.moment().after(startedAt).plus(step.offlineFor()), "reconnect at once",
                    those.size(), () -> all(those, this::reconnect));
            default -> {
            }
        }
    }

    private void begin(Step step, List<Slot> those) {
        switch (step.action()) {
            case POWER_LOSS -> all(those, slot -> {
                slot.device.mains(false);
                if (!slot.device.powered()) {
                    slot.uplink.drop(slot.device.status(false));
                }
            });
            case NETWORK_LOSS, RECONNECT_STORM -> all(those, slot -> {
                slot.networkUp = false;
                slot.uplink.drop(slot.device.status(false));
            });
            case REBOOT -> all(those, slot -> {
                slot.uplink.drop(slot.device.status(false));
                slot.device.reboot();
                connect(slot);
            });
            case CLOCK_SKEW -> all(those, slot -> slot.device.skew(step.skewBy()));
            case MALFORMED -> all(those, slot -> {
                for (Malformed kind : step.kinds()) {
                    publish(slot, slot.device.malformed(kind, Instant.now()));
                }
            });
            case EVENT -> all(those, slot -> publish(slot, slot.device.event(step.type(), Instant.now())));
            case BROADCAST -> broadcast(step);
        }
    }

    /** Asks the hub for the step's broadcast; its figures are fetched when the run ends. */
    private void broadcast(Step step) {
        if (hub == null) {
            counters.errors.incrementAndGet();
            out.println("a broadcast step needs the hub's API: --hub and --password");
            return;
        }
        try {
            JsonNode created = hub.post("broadcasts", step.broadcastRequest());
            broadcasts.add(created.path("id").asLong());
            out.printf("broadcast %d to %s: %d units targeted%n", created.path("id").asLong(), step.area(),
                    created.path("totals").path("targeted").asInt());
        } catch (java.io.IOException e) {
            counters.errors.incrementAndGet();
            out.println("the hub refused the broadcast: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each broadcast the run dispatched, with its totals and its drill figures as the hub has them now. */
    private com.fasterxml.jackson.databind.node.ArrayNode broadcastFigures() {
        com.fasterxml.jackson.databind.node.ArrayNode figures = COMMANDS.createArrayNode();
        for (long id : broadcasts) {
            try {
                JsonNode report = hub.get("broadcasts/" + id + "/report");
                figures.addObject().put("id", id)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("totals",
                                hub.get("broadcasts/" + id).path("totals"))
                        .set("whole", report.path("whole"));
            } catch (java.io.IOException e) {
                figures.addObject().put("id", id).put("error", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return figures;
    }

    private void reconnect(Slot slot) {
        slot.networkUp = true;
        if (connect(slot)) {
            for (Message message : slot.device.flush()) {
                publish(slot, message);
            }
        }
    }

    /** Connects (publishing the retained online); false if the broker cannot be reached now. */
    private boolean connect(Slot slot) {
        try {
            slot.uplink.connect(slot.device.status(true));
            counters.statuses.incrementAndGet();
            counters.acknowledged.incrementAndGet();
            counters.connects.incrementAndGet();
            return true;
        } catch (MqttException e) {
            counters.errors.incrementAndGet();
            return false;
        }
    }

    /**
     * A broadcast unit plays: ACCEPTED and PLAYBACK_STARTED at once, PLAYBACK_ENDED and DONE when the
     * message has played ({@code repeat} times, a quarter of a second per character and at least five
     * seconds, in simulated time); or, for the scenario's shares, fails or never answers.
     */
    private void play(Slot slot, String id, JsonNode params) {
        var rates = scenario.behaviour().broadcastUnit();
        double draw = slot.random.nextDouble();
        if (draw < rates.playSilenceShare()) {
            return;
        }
        publish(slot, slot.device.ack(id, "ACCEPTED", null));
        if (draw < rates.playSilenceShare() + rates.playFailureShare()) {
            publish(slot, slot.device.ack(id, "FAILED", "amplifier fault"));
            return;
        }
        publish(slot, slot.device.playback("PLAYBACK_STARTED", id, Instant.now()));
        double seconds = params.path("repeat").asInt(1) * Math.max(5.0, params.path("text").asText("").length() / 4.0);
        long delay = Math.max(50, Math.round(seconds * 1000 / scenario.timeScale()));
        scheduler.schedule(() -> {
            publish(slot, slot.device.playback("PLAYBACK_ENDED", id, Instant.now()));
            publish(slot, slot.device.ack(id, "DONE", null));
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void publish(Slot slot, Message message) {
        try {
            slot.uplink.publish(message, counters.sent(message));
        } catch (MqttException e) {
            counters.errors.incrementAndGet();
        }
    }

    private long connected() {
        return slots.stream().filter(s -> s.uplink.connected()).count();
    }

    /** Runs a timeline action at its time, on the timeline's own thread, so that reports never wait for it. */
    private void at(Duration after, String what, int devices, Runnable action) {
        scheduler.schedule(() -> steps.execute(() -> {
            long began = System.nanoTime();
            action.run();
            out.printf("%5ds  %s: %d devices in %.1f s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), what,
                    devices, (System.nanoTime() - began) / 1e9);
        }), Math.max(0, after.toNanos() - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    }

    /** What a step does to each device, under the device's lock. */
    private interface SlotAction {
        void apply(Slot slot) throws MqttException;
    }

    /** MQTT work whose failure counts as an error of the run and stops nothing else. */
    private interface MqttWork {
        void run() throws MqttException;
    }

    /** Applies {@code action} to every slot in parallel and waits until all are done. */
    private void all(List<Slot> those, SlotAction action) {
        List<Future<?>> done = new ArrayList<>();
        for (Slot slot : those) {
            done.add(connector.submit(() -> {
                slot.lock.lock();
                try {
                    quietly(() -> action.apply(slot));
                } finally {
                    slot.lock.unlock();
                }
            }));
        }
        for (Future<?> future : done) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                counters.errors.incrementAndGet();
            }
        }
    }

    private void quietly(MqttWork work) {
        try {
            work.run();
        } catch (MqttException e) {
            counters.errors.incrementAndGet();
        }
    }
}
