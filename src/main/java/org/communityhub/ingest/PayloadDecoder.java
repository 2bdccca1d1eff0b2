package org.communityhub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.communityhub.commands.CommandAck;
import org.communityhub.commands.Playback;
import org.communityhub.devices.DeviceClass;
import org.communityhub.telemetry.DeviceEvent;
import org.communityhub.telemetry.EventType;
import org.communityhub.telemetry.Field;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;

/**
 * Turns payloads into checked records in one pass: telemetry (one JSON object, or an array of them
 * buffered while offline), events, and status words. A payload with any bad object is refused whole,
 * naming the object and the field.
 *
 * <p>What passes is something the database stores: every value inside its column's range (a
 * contract number is rounded to the {@code real} it is stored as, so {@code 1e-50} is stored as 0
 * rather than refused by PostgreSQL), {@code seq} inside {@code bigint}, every timestamp inside a
 * window ({@code ts}: {@code max-age} old to {@code max-future-skew} ahead of the hub's clock; other
 * timestamp fields: {@link #EARLIEST} to {@code max-future-skew} ahead), and the free-form JSON made
 * storable by {@link StoredJson}. docs/mqtt.md lists the rules.
 */
public class PayloadDecoder {

    /**
     * The earliest time a timestamp field other than {@code ts} may hold. Nothing in the fleet was
     * installed before it, and it catches epoch seconds sent as milliseconds (which land in 1970).
     */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final BigInteger MAX_SEQ = BigInteger.valueOf(Long.MAX_VALUE);
    /**
     * The deepest JSON a payload may nest. Devices send flat objects; Jackson's own limit (1,000) is
     * deeper than the recursion that writes a tree back out can always take.
     */
    static final int MAX_NESTING = 64;

    private final ObjectMapper json;
    private final Duration maxFutureSkew;
    private final Duration maxAge;
    private final LongAdder cleaned = new LongAdder();

    public PayloadDecoder(ObjectMapper json, Duration maxFutureSkew, Duration maxAge) {
        this.json = json.copy();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
    }

    /** How many strings and names in free-form JSON had U+0000 or a lone surrogate replaced so far. */
    public long cleanedValues() {
        return cleaned.sum();
    }

    public List<Reading> telemetry(String deviceId, TelemetryTable table, byte[] payload, Instant receivedAt)
            throws Rejected {
        JsonNode root = parse(payload);
        if (root.isObject()) {
            return List.of(reading(deviceId, table, (ObjectNode) root, "", receivedAt));
        }
        if (!root.isArray() || root.isEmpty()) {
            throw new Rejected(Reason.MALFORMED_JSON, "payload must be a JSON object or a non-empty array of objects");
        }
        List<Reading> readings = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            if (!element.isObject()) {
                throw new Rejected(Reason.MALFORMED_JSON, "[" + i + "] is not a JSON object");
            }
            readings.add(reading(deviceId, table, (ObjectNode) element, "[" + i + "].", receivedAt));
        }
        return readings;
    }

    /**
     * A life-safety event (SOS, FALL) is kept even when its {@code ts} or {@code seq} is invalid: it is
     * timed by the hub's receive time (seq 0 when its own is unusable) and the defect is kept beside
     * it. Refusing it would leave a person in danger with nobody told.
     */
    public DeviceEvent event(String deviceId, DeviceClass deviceClass, byte[] payload, Instant receivedAt)
            throws Rejected {
        JsonNode root = parse(payload);
        if (!root.isObject()) {
            throw new Rejected(Reason.MALFORMED_JSON, "an event must be one JSON object");
        }
        ObjectNode object = (ObjectNode) root;
        JsonNode typeNode = required(object, "type", "");
        if (!typeNode.isTextual()) {
            throw new Rejected(Reason.WRONG_TYPE, "type must be a string, not " + typeNode);
        }
        EventType type = EventType.of(deviceClass, typeNode.asText()).orElseThrow(() -> new Rejected(
                Reason.OUT_OF_RANGE, "type " + typeNode + " is not an event of a " + deviceClass + "; expected one of "
                        + EventType.namesOf(deviceClass)));
        List<String> defects = new ArrayList<>(0);
        Instant ts;
        long seq;
        try {
            ts = timestamp(object, "", receivedAt);
            seq = seq(object, "");
        } catch (Rejected invalid) {
            if (!type.lifeSafety()) {
                throw invalid;
            }
            // the message quotes the device's value, which may hold what the database cannot store
            defects.add(StoredJson.storable(invalid.reason() + ": " + invalid.getMessage()
                    + "; timed by the hub's receive time"));
            ts = receivedAt;
            seq = 0;
        }
        for (Field field : type.required()) {
            if (value(field, object.get(field.name()), "", receivedAt) == null) {
                throw new Rejected(Reason.MISSING_FIELD, field.name() + " is missing from " + type);
            }
        }
        object.remove(List.of("ts", "seq", "type"));
        return new DeviceEvent(deviceId, deviceClass, ts, seq, type.name(),
                object.isEmpty() ? null : storable(object, "").toString(),
                defects.isEmpty() ? null : String.join("; ", defects));
    }

    /**
     * The PLAY a broadcast unit's PLAYBACK_STARTED or PLAYBACK_ENDED names by its {@code commandId};
     * null for any other event, or one without a well-formed id (a unit playing on its own: the event
     * is stored all the same).
     */
    public Playback playback(DeviceEvent event, Instant receivedAt) {
        boolean started = event.type().equals(EventType.PLAYBACK_STARTED.name());
        if (!started && !event.type().equals(EventType.PLAYBACK_ENDED.name()) || event.bodyJson() == null) {
            return null;
        }
        try {
            JsonNode id = json.readTree(event.bodyJson()).get("commandId");
            return id != null && id.isTextual()
                    ? new Playback(UUID.fromString(id.asText()), event.deviceId(), !started, receivedAt) : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code online} or {@code offline}, bare or as a JSON string. */
    /**
     * A device's answer to a command: {@code commandId} (the UUID it was sent), {@code result}
     * (ACCEPTED | REJECTED | DONE | FAILED) and an optional {@code detail} of at most 1,000 characters.
     */
    public CommandAck ack(String deviceId, byte[] payload, Instant receivedAt) throws Rejected {
        JsonNode root = parse(payload);
        if (!root.isObject()) {
            throw new Rejected(Reason.MALFORMED_JSON, "a command/ack is one JSON object");
        }
        JsonNode id = required((ObjectNode) root, "commandId", "");
        JsonNode result = required((ObjectNode) root, "result", "");
        JsonNode detail = root.get("detail");
        if (!id.isTextual() || !result.isTextual() || detail != null && !detail.isNull() && !detail.isTextual()) {
            throw new Rejected(Reason.WRONG_TYPE, "commandId, result and detail are strings");
        }
        UUID commandId;
        try {
            commandId = UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            throw new Rejected(Reason.OUT_OF_RANGE, "commandId is not a command's id: '" + cut(id.asText()) + "'");
        }
        CommandAck.Result answer;
        try {
            answer = CommandAck.Result.valueOf(result.asText());
        } catch (IllegalArgumentException e) {
            throw new Rejected(Reason.OUT_OF_RANGE, "result must be one of " + List.of(CommandAck.Result.values())
                    + ", not '" + cut(result.asText()) + "'");
        }
        String text = detail == null || detail.isNull() ? null : detail.asText();
        if (text != null && (text.length() > 1000 || text.indexOf('\0') >= 0)) {
            throw new Rejected(Reason.OUT_OF_RANGE, "detail must be at most 1,000 characters, without U+0000");
        }
        return new CommandAck(commandId, deviceId, answer, text, receivedAt);
    }

    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    public static boolean online(byte[] payload) throws Rejected {
        String word = new String(payload, java.nio.charset.StandardCharsets.UTF_8).trim();
        if (word.length() >= 2 && word.startsWith("\"") && word.endsWith("\"")) {
            word = word.substring(1, word.length() - 1);
        }
        return switch (word) {
            case "online" -> true;
            case "offline" -> false;
            default -> throw new Rejected(Reason.OUT_OF_RANGE, "status must be online or offline, not '" + cut(word) + "'");
        };
    }

    private JsonNode parse(byte[] payload) throws Rejected {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (StreamConstraintsException e) {
            throw new Rejected(Reason.MALFORMED_JSON, "the payload nests deeper than " + MAX_NESTING + " levels");
        } catch (JsonProcessingException e) {
            throw new Rejected(Reason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejected(Reason.MALFORMED_JSON, e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new Rejected(Reason.MALFORMED_JSON, "empty payload");
        }
        return root;
    }

    private Reading reading(String deviceId, TelemetryTable table, ObjectNode object, String at, Instant receivedAt)
            throws Rejected {
        Instant ts = timestamp(object, at, receivedAt);
        long seq = seq(object, at);
        List<Object> values = new ArrayList<>(table.fields().size());
        for (Field field : table.fields()) {
            values.add(value(field, object.get(field.name()), at, receivedAt));
        }
        return new Reading(deviceId, table, ts, seq, values, extra(object, table, at));
    }

    /** The fields outside the contract as a JSON object, or null when there are none (the usual case). */
    private String extra(ObjectNode object, TelemetryTable table, String at) throws Rejected {
        int known = 2;
        for (Field field : table.fields()) {
            if (object.has(field.name())) {
                known++;
            }
        }
        if (object.size() == known) {
            return null;
        }
        ObjectNode extra = object.deepCopy();
        extra.remove("ts");
        extra.remove("seq");
        table.fields().forEach(field -> extra.remove(field.name()));
        return storable(extra, at).toString();
    }

    private ObjectNode storable(ObjectNode object, String at) throws Rejected {
        StoredJson stored = new StoredJson();
        ObjectNode storable = stored.clean(object, at);
        if (stored.cleaned() > 0) {
            cleaned.add(stored.cleaned());
        }
        return storable;
    }

    private Instant timestamp(ObjectNode object, String at, Instant receivedAt) throws Rejected {
        Instant ts = notAhead(timestamp(required(object, "ts", at), at + "ts"), at + "ts", receivedAt);
        if (ts.isBefore(receivedAt.minus(maxAge))) {
            throw new Rejected(Reason.TS_TOO_OLD, at + "ts " + ts + " is older than " + maxAge);
        }
        return ts;
    }

    /** The time, unless it is further ahead of the hub's clock than devices' clocks may be. */
    private Instant notAhead(Instant value, String name, Instant receivedAt) throws Rejected {
        if (value.isAfter(receivedAt.plus(maxFutureSkew))) {
            throw new Rejected(Reason.TS_IN_FUTURE, name + " " + value + " is more than " + maxFutureSkew
                    + " ahead of the hub's clock (" + receivedAt + ")");
        }
        return value;
    }

    /** A whole number in 0..2^63-1 (a {@code bigint}); {@code 7.0} is 7, {@code 9.3e18} is too large, not 2^63-1. */
    private static long seq(ObjectNode object, String at) throws Rejected {
        JsonNode seqNode = required(object, "seq", at);
        if (!seqNode.isNumber() || !seqNode.canConvertToExactIntegral()) {
            throw new Rejected(Reason.WRONG_TYPE, at + "seq must be a whole number, not " + seqNode);
        }
        if (seqNode.isIntegralNumber() && seqNode.canConvertToLong() && seqNode.longValue() >= 0) {
            return seqNode.longValue(); // the usual case: an int or a long
        }
        BigInteger exact = seqNode.decimalValue().toBigIntegerExact();
        if (exact.signum() < 0 || exact.compareTo(MAX_SEQ) > 0) {
            throw new Rejected(Reason.OUT_OF_RANGE, at + "seq " + seqNode + " is outside 0.." + Long.MAX_VALUE);
        }
        return exact.longValue();
    }

    private static JsonNode required(ObjectNode object, String name, String at) throws Rejected {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            throw new Rejected(Reason.MISSING_FIELD, at + name + " is missing");
        }
        return node;
    }

    private Object value(Field field, JsonNode node, String at, Instant receivedAt) throws Rejected {
        if (node == null || node.isNull()) {
            return null;
        }
        String name = at + field.name();
        return switch (field.type()) {
            case ENUM -> {
                if (!node.isTextual()) {
                    throw new Rejected(Reason.WRONG_TYPE, name + " must be a string, not " + node);
                }
                if (!field.allowed().contains(node.asText())) {
                    throw new Rejected(Reason.OUT_OF_RANGE, name + " must be one of "
                            + Arrays.toString(field.allowed().stream().sorted().toArray()) + ", not " + node);
                }
                yield node.asText();
            }
            case NUMBER, INTEGER -> {
                boolean integer = field.type() == Field.Type.INTEGER;
                if (!node.isNumber() || (integer && !node.canConvertToExactIntegral())) {
                    throw new Rejected(Reason.WRONG_TYPE, name + " must be a " + (integer ? "whole number" : "number")
                            + ", not " + node);
                }
                double value = node.asDouble();
                if (!Double.isFinite(value) || value < field.min() || value > field.max()) {
                    throw new Rejected(Reason.OUT_OF_RANGE, name + " " + node + " is outside "
                            + bound(field.min()) + ".." + bound(field.max()));
                }
                // a number is stored as a real: rounded here, so that PostgreSQL never refuses it as
                // out of range for type real (it does for 1e-50, which is inside every field's range)
                yield integer ? (Object) node.asLong() : (Object) (float) value;
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new Rejected(Reason.WRONG_TYPE, name + " must be true or false, not " + node);
                }
                yield node.asBoolean();
            }
            case TIMESTAMP -> {
                Instant value = notAhead(timestamp(node, name), name, receivedAt);
                if (value.isBefore(EARLIEST)) {
                    throw new Rejected(Reason.TS_TOO_OLD, name + " " + value + " is before " + EARLIEST);
                }
                yield value;
            }
        };
    }

    /** ISO-8601 with offset, or epoch milliseconds. */
    static Instant timestamp(JsonNode node, String name) throws Rejected {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new Rejected(Reason.WRONG_TYPE, name + " '" + node.asText()
                        + "' is not an ISO-8601 time with offset such as 2026-01-31T08:00:00Z");
            }
        }
        throw new Rejected(Reason.WRONG_TYPE, name + " must be an ISO-8601 string or epoch milliseconds, not " + node);
    }

    private static String bound(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
