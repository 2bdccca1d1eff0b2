package org.communityhub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.communityhub.telemetry.Field;
import org.communityhub.telemetry.Reading;
import org.communityhub.telemetry.TelemetryTable;

/**
 * Turns a telemetry payload (one JSON object, or an array of them buffered while offline) into
 * checked readings, in one pass. A payload with any bad object is refused whole, naming the object
 * and the field.
 */
public class TelemetryDecoder {

    private final ObjectMapper json;
    private final Duration maxFutureSkew;
    private final Duration maxAge;

    public TelemetryDecoder(ObjectMapper json, Duration maxFutureSkew, Duration maxAge) {
        this.json = json;
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
    }

    public List<Reading> decode(String deviceId, TelemetryTable table, byte[] payload, Instant receivedAt)
            throws Rejected {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new Rejected(Reason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejected(Reason.MALFORMED_JSON, e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new Rejected(Reason.MALFORMED_JSON, "empty payload");
        }
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

    private Reading reading(String deviceId, TelemetryTable table, ObjectNode object, String at, Instant receivedAt)
            throws Rejected {
        Instant ts = timestamp(required(object, "ts", at), at + "ts");
        if (ts.isAfter(receivedAt.plus(maxFutureSkew))) {
            throw new Rejected(Reason.TS_IN_FUTURE, at + "ts " + ts + " is more than " + maxFutureSkew
                    + " ahead of the hub's clock (" + receivedAt + ")");
        }
        if (ts.isBefore(receivedAt.minus(maxAge))) {
            throw new Rejected(Reason.TS_TOO_OLD, at + "ts " + ts + " is older than " + maxAge);
        }
        JsonNode seqNode = required(object, "seq", at);
        if (!seqNode.canConvertToExactIntegral() || !seqNode.isNumber()) {
            throw new Rejected(Reason.WRONG_TYPE, at + "seq must be a whole number, not " + seqNode);
        }
        long seq = seqNode.asLong();
        if (seq < 0) {
            throw new Rejected(Reason.OUT_OF_RANGE, at + "seq must not be negative, not " + seq);
        }
        List<Object> values = new ArrayList<>(table.fields().size());
        for (Field field : table.fields()) {
            values.add(value(field, object.get(field.name()), at));
        }
        ObjectNode extra = object.deepCopy();
        extra.remove("ts");
        extra.remove("seq");
        table.fields().forEach(field -> extra.remove(field.name()));
        return new Reading(deviceId, table, ts, seq, values, extra.isEmpty() ? null : extra.toString());
    }

    private static JsonNode required(ObjectNode object, String name, String at) throws Rejected {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            throw new Rejected(Reason.MISSING_FIELD, at + name + " is missing");
        }
        return node;
    }

    private static Object value(Field field, JsonNode node, String at) throws Rejected {
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
                if (!node.isNumber() || (field.type() == Field.Type.INTEGER && !node.canConvertToExactIntegral())) {
                    throw new Rejected(Reason.WRONG_TYPE, name + " must be a "
                            + (field.type() == Field.Type.INTEGER ? "whole number" : "number") + ", not " + node);
                }
                double value = node.asDouble();
                if (value < field.min() || value > field.max()) {
                    throw new Rejected(Reason.OUT_OF_RANGE, name + " " + node + " is outside "
                            + bound(field.min()) + ".." + bound(field.max()));
                }
                yield field.type() == Field.Type.INTEGER ? (Object) node.asLong() : (Object) value;
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new Rejected(Reason.WRONG_TYPE, name + " must be true or false, not " + node);
                }
                yield node.asBoolean();
            }
            case TIMESTAMP -> timestamp(node, name);
        };
    }

    /** ISO-8601 with offset, or epoch milliseconds. */
    static Instant timestamp(JsonNode node, String name) throws Rejected {
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                try {
                    return java.time.OffsetDateTime.parse(node.asText()).toInstant();
                } catch (DateTimeParseException again) {
                    throw new Rejected(Reason.WRONG_TYPE, name + " '" + node.asText()
                            + "' is not an ISO-8601 time with offset such as 2026-01-31T08:00:00Z");
                }
            }
        }
        throw new Rejected(Reason.WRONG_TYPE, name + " must be an ISO-8601 string or epoch milliseconds, not " + node);
    }

    private static String bound(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
