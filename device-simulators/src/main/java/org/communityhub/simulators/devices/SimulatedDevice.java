package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.communityhub.simulators.Topics;

/**
 * One simulated device: its class's behaviour, its {@code seq} counter (back to 0 after a reboot),
 * its clock (which may be skewed), whether its mains are on, and what it measured while it could
 * not reach the broker, flushed as one JSON array when it can again. Not thread-safe: a runner
 * drives each device from one thread at a time.
 */
public final class SimulatedDevice {

    /** Readings a device keeps while offline; older ones are dropped, as a device's memory is finite. */
    static final int BUFFER_LIMIT = 500;

    private final String id;
    private final DeviceClass deviceClass;
    private final String areaCode;
    private final Behaviour behaviour;
    private final SplittableRandom random;
    private final boolean epochMillis;
    private final Deque<ObjectNode> bufferedReadings = new ArrayDeque<>();
    private final List<ObjectNode> bufferedEvents = new ArrayList<>();
    private long seq;
    private Duration skew = Duration.ZERO;
    private boolean mains = true;

    /** {@code seed} makes the device's behaviour repeatable; the id is mixed in so that devices differ. */
    public SimulatedDevice(String id, DeviceClass deviceClass, String areaCode, Rates rates, long seed) {
        this.id = id;
        this.deviceClass = deviceClass;
        this.areaCode = areaCode;
        this.behaviour = Behaviour.of(deviceClass, rates);
        this.random = new SplittableRandom(seed * 31 + id.hashCode());
        this.epochMillis = random.nextBoolean(); // both forms of ts the contract allows occur
    }

    public String id() {
        return id;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    public String areaCode() {
        return areaCode;
    }

    /**
     * Measures one interval ending at {@code now} (the real time; the device's clock adds its skew).
     * Connected, it returns the reading (with whatever it buffered, as one array) and its events;
     * not connected, it keeps them and returns nothing.
     */
    public List<Message> report(Instant now, boolean connected) {
        Tick tick = tick(now);
        ObjectNode reading = stamped(tick.now());
        behaviour.report(tick, reading);
        bufferedReadings.addLast(reading);
        while (bufferedReadings.size() > BUFFER_LIMIT) {
            bufferedReadings.removeFirst();
        }
        for (ObjectNode event : behaviour.events(tick)) {
            bufferedEvents.add(stamped(tick.now()).setAll(event));
        }
        return connected ? flush() : List.of();
    }

    /** What the device kept while offline: readings as one array (one object if only one), then events. */
    public List<Message> flush() {
        List<Message> messages = new ArrayList<>();
        if (bufferedReadings.size() == 1) {
            messages.add(message("telemetry", bufferedReadings.getFirst().toString()));
        } else if (!bufferedReadings.isEmpty()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            bufferedReadings.forEach(array::add);
            messages.add(message("telemetry", array.toString()));
        }
        bufferedReadings.clear();
        for (ObjectNode event : bufferedEvents) {
            messages.add(message("event", event.toString()));
        }
        bufferedEvents.clear();
        return messages;
    }

    /** A reading spoiled on purpose in the way {@code kind} says. */
    public Message malformed(Malformed kind, Instant now) {
        Tick tick = tick(now);
        ObjectNode reading = stamped(tick.now());
        behaviour.report(tick, reading);
        byte[] payload = kind.spoil(reading, deviceClass, tick.now()).getBytes(StandardCharsets.UTF_8);
        return new Message(kind.topic(id), payload, false, kind);
    }

    /** An event of {@code type} now, outside the behaviour's own course (a scenario's step). */
    public Message event(String type, Instant now) {
        return message("event", stamped(now.plus(skew)).put("type", type).toString());
    }

    /** A playback event of a broadcast unit answering the hub's PLAY command {@code commandId}. */
    public Message playback(String type, String commandId, Instant now) {
        return message("event", stamped(now.plus(skew)).put("type", type).put("commandId", commandId).toString());
    }

    /** The device's answer to a command: {@code result} ACCEPTED, REJECTED, DONE or FAILED. */
    public Message ack(String commandId, String result, String detail) {
        ObjectNode ack = JsonNodeFactory.instance.objectNode().put("commandId", commandId).put("result", result);
        if (detail != null) {
            ack.put("detail", detail);
        }
        return new Message(Topics.of(id, "command/ack"), ack.toString().getBytes(StandardCharsets.UTF_8), false, null);
    }

    /** The retained {@code status} message; {@code offline} is also the device's will. */
    public Message status(boolean online) {
        return new Message(Topics.of(id, "status"), (online ? "online" : "offline").getBytes(StandardCharsets.UTF_8),
                true, null);
    }

    /** A restart: {@code seq} starts again at 0 and what was kept in memory is lost. */
    public void reboot() {
        seq = 0;
        bufferedReadings.clear();
        bufferedEvents.clear();
    }

    /** Sets how far the device's clock is off (positive: ahead). */
    public void skew(Duration skew) {
        this.skew = skew;
    }

    /** Mains on or off: battery-backed classes report it; a kiosk without mains is off. */
    public void mains(boolean on) {
        this.mains = on;
    }

    /** Whether the device runs at all: everything but a kiosk has a battery. */
    public boolean powered() {
        return mains || deviceClass.hasBattery();
    }

    /** How many readings wait for the device's next connection. */
    public int buffered() {
        return bufferedReadings.size();
    }

    private Tick tick(Instant now) {
        return new Tick(now.plus(skew), deviceClass.interval.toMillis() / 86_400_000.0, mains, random);
    }

    private ObjectNode stamped(Instant deviceNow) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (epochMillis) {
            node.put("ts", deviceNow.toEpochMilli());
        } else {
            node.put("ts", deviceNow.toString());
        }
        return node.put("seq", seq++);
    }

    private Message message(String channel, String payload) {
        return new Message(Topics.of(id, channel), payload.getBytes(StandardCharsets.UTF_8), false, null);
    }
}
