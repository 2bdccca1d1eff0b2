package org.communityhub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random mutations of the contract's sample payloads ({@code src/test/resources/payloads/}),
 * for every class and channel: bit flips, truncation, type swaps, huge and tiny numbers, odd Unicode
 * and bytes that are not UTF-8, deep nesting, long strings, odd timestamps, missing and repeated
 * fields, arrays. The same seed gives the same messages.
 */
final class Fuzz {

    /** One message to publish: to which channel of a device of which class, what, and how it was made. */
    record Message(String deviceClass, Topic.Channel channel, byte[] payload, String mutation) {
    }

    private static final Map<String, List<String>> SAMPLES = Map.of(
            "KIOSK", List.of("kiosk/telemetry.json", "kiosk/telemetry-buffered.json"),
            "PARCEL_LOCKER", List.of("parcel-locker/telemetry.json", "parcel-locker/event-door-forced.json",
                    "parcel-locker/event-door-left-open.json"),
            "BROADCAST_UNIT", List.of("broadcast-unit/telemetry.json", "broadcast-unit/event-self-test.json"),
            "ELDER_ALERT", List.of("elder-alert/telemetry.json", "elder-alert/event-sos.json",
                    "elder-alert/event-check-in.json"));
    private static final List<String> MUTATIONS = List.of("none", "flip", "truncate", "type swap", "huge number",
            "tiny number", "odd unicode", "bad utf-8", "deep nesting", "long string", "odd ts", "missing field",
            "repeated key", "array");
    private static final String[] ODD_TEXT = {"\u0000", "a\u0000b", "\ud800", "x\udc00", "\uffff", "\u202eevil", "😀",
        "\ufeff", "\u0001\u001f", "社区\u0000", "\\", "\"", "\t\n\r"};
    private static final String[] HUGE = {"1e308", "1e400", "-1e400", "9223372036854775808", "1e1000",
        "123456789012345678901234567890", "1.7976931348623157E309", "-9223372036854775809"};
    private static final String[] TINY = {"1e-50", "4.9e-324", "1e-400", "-0.0", "1.4e-45", "0.000001"};
    private static final String[] ODD_TS = {"\"2026-13-01T00:00:00Z\"", "1e20", "-1", "\"now\"", "SECONDS", "MICROS",
        "\"+10000-01-01T00:00:00Z\"", "NANOS_ISO", "\"2026-11-29T08:00:00\"", "9223372036854775807", "1.5e12"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
    private static final String[] STATUS = {"online", "offline", "\"online\"", " offline ", "ONLINE", "", "on\u0000line",
        "{\"status\":\"online\"}"};

    private final Random random;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Instant base;
    private final Map<String, JsonNode> samples = new HashMap<>();

    Fuzz(long seed, Instant base) {
        this.random = new Random(seed);
        this.base = base;
        SAMPLES.values().stream().flatMap(List::stream).forEach(path -> samples.put(path, read(path)));
    }

    /** Message {@code i} for a device of {@code deviceClass}; before mutation its (ts, seq) are its own. */
    Message next(int i, String deviceClass) {
        if (random.nextInt(10) == 0) {
            byte[] payload = random.nextInt(8) == 0 ? BAD_UTF8[random.nextInt(BAD_UTF8.length)]
                    : STATUS[random.nextInt(STATUS.length)].getBytes(StandardCharsets.UTF_8);
            return new Message(deviceClass, Topic.Channel.STATUS, payload, "status");
        }
        List<String> paths = SAMPLES.get(deviceClass);
        String path = paths.get(random.nextInt(paths.size()));
        JsonNode payload = samples.get(path).deepCopy();
        Instant ts = base.plusMillis(i);
        if (payload.isArray()) {
            for (int k = 0; k < payload.size(); k++) {
                stamp((ObjectNode) payload.get(k), ts, i * 10L + k);
            }
        } else {
            stamp((ObjectNode) payload, ts, i * 10L);
        }
        Topic.Channel channel = path.contains("/event") ? Topic.Channel.EVENT : Topic.Channel.TELEMETRY;
        int kind = random.nextInt(MUTATIONS.size());
        return new Message(deviceClass, channel, mutate(kind, payload), MUTATIONS.get(kind));
    }

    private byte[] mutate(int kind, JsonNode payload) {
        ObjectNode object = payload.isArray() ? (ObjectNode) payload.get(random.nextInt(payload.size())) : (ObjectNode) payload;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String field = names.get(random.nextInt(names.size()));
        switch (kind) {
            case 1 -> {
                byte[] bytes = bytes(payload);
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                return bytes;
            }
            case 2 -> {
                byte[] bytes = bytes(payload);
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 3 -> object.set(field, List.of(nodes.textNode("text"), nodes.numberNode(12), nodes.numberNode(-3.5),
                    nodes.booleanNode(true), nodes.nullNode(), nodes.arrayNode(), nodes.objectNode()).get(random.nextInt(7)));
            case 4 -> {
                return withLiteral(payload, object, pick(names, "extra"), HUGE[random.nextInt(HUGE.length)]);
            }
            case 5 -> {
                return withLiteral(payload, object, pick(names, "extra"), TINY[random.nextInt(TINY.length)]);
            }
            case 6 -> {
                String odd = ODD_TEXT[random.nextInt(ODD_TEXT.length)];
                if (random.nextBoolean()) {
                    object.put(odd + "key", "v");
                } else {
                    object.put(field, object.get(field).asText() + odd);
                }
            }
            case 7 -> {
                return withBadUtf8(bytes(payload));
            }
            case 8 -> {
                int depth = List.of(5, 100, 999, 1001, 5000).get(random.nextInt(5));
                String deep = random.nextBoolean() ? "[".repeat(depth) + "1" + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                return withField(new String(bytes(payload), StandardCharsets.UTF_8), "deep", deep);
            }
            case 9 -> object.put("blob", "x".repeat(List.of(1_000, 60_000, 70_000).get(random.nextInt(3))));
            case 10 -> {
                String odd = ODD_TS[random.nextInt(ODD_TS.length)];
                String ts = switch (odd) {
                    case "SECONDS" -> Long.toString(base.toEpochMilli() / 1000);
                    case "MICROS" -> Long.toString(base.toEpochMilli() * 1000);
                    case "NANOS_ISO" -> "\"" + base.plusNanos(123_456_789) + "\"";
                    default -> odd;
                };
                return withLiteral(payload, object, random.nextBoolean() ? "ts" : pick(names, "lastMotionTs"), ts);
            }
            case 11 -> object.remove(List.of("ts", "seq", "type").get(random.nextInt(3)));
            case 12 -> {
                return withField(new String(bytes(payload), StandardCharsets.UTF_8), "seq",
                        Integer.toString(random.nextInt(1000)));
            }
            case 13 -> {
                ArrayNode array = nodes.arrayNode();
                int n = List.of(0, 1, 3, 300).get(random.nextInt(4));
                for (int k = 0; k < n; k++) {
                    ObjectNode copy = object.deepCopy();
                    copy.put("seq", object.path("seq").asLong() + k);
                    array.add(random.nextInt(20) == 0 ? nodes.numberNode(k) : copy);
                }
                return bytes(array);
            }
            default -> {
                // unchanged
            }
        }
        return bytes(payload);
    }

    private void stamp(ObjectNode object, Instant ts, long seq) {
        if (random.nextBoolean()) {
            object.put("ts", ts.toEpochMilli());
        } else {
            object.put("ts", ts.toString());
        }
        object.put("seq", seq);
    }

    /** The payload with {@code field} of {@code object} set to a JSON literal that Jackson would not write. */
    private byte[] withLiteral(JsonNode payload, ObjectNode object, String field, String literal) {
        String marker = "@@" + random.nextInt(1_000_000) + "@@";
        object.put(field, marker);
        return new String(bytes(payload), StandardCharsets.UTF_8).replace("\"" + marker + "\"", literal)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON text with a field put first in its first object (a second one if the name is taken). */
    private static byte[] withField(String text, String name, String literal) {
        int brace = text.indexOf('{');
        String result = brace < 0 ? text
                : text.substring(0, brace + 1) + "\"" + name + "\":" + literal + "," + text.substring(brace + 1);
        return result.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that are not UTF-8, inside the last string of the text. */
    private byte[] withBadUtf8(byte[] text) {
        int at = text.length - 1;
        while (at > 0 && text[at] != '"') {
            at--;
        }
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.write(bad, 0, bad.length);
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    private String pick(List<String> names, String extra) {
        return random.nextInt(3) == 0 ? extra : names.get(random.nextInt(names.size()));
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String path) {
        try (InputStream in = Fuzz.class.getResourceAsStream("/payloads/" + path)) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
