package org.communityhub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes the free-form part of a message (telemetry fields outside the contract, an event's body)
 * storable in a {@code jsonb} column, which refuses what JSON itself allows:
 * <ul>
 * <li>U+0000 in a string or a name ("unsupported Unicode escape sequence"), and a lone UTF-16
 * surrogate (which Jackson would write as {@code ?} without a word): each is replaced with U+FFFD,
 * the replacement character, so the stored value shows where a character was, and counted;</li>
 * <li>a number beyond the range of a double, such as {@code 1e400}, which Jackson turns into the
 * string {@code "Infinity"}: refused as OUT_OF_RANGE, naming the field.</li>
 * </ul>
 * One instance per message; {@link #cleaned()} says how many strings and names were changed.
 */
final class StoredJson {

    static final char REPLACEMENT = '\uFFFD';

    private int cleaned;

    int cleaned() {
        return cleaned;
    }

    /** The object made storable; the same instance when nothing had to change. */
    ObjectNode clean(ObjectNode object, String at) throws Rejected {
        return (ObjectNode) node(object, at);
    }

    private JsonNode node(JsonNode node, String path) throws Rejected {
        return switch (node.getNodeType()) {
            case STRING -> {
                String text = node.textValue();
                String storable = text(text);
                yield storable == text ? node : TextNode.valueOf(storable);
            }
            case NUMBER -> {
                if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                    throw new Rejected(Reason.OUT_OF_RANGE, path + " is beyond the range of a number");
                }
                yield node;
            }
            case ARRAY -> {
                ArrayNode array = (ArrayNode) node;
                for (int i = 0; i < array.size(); i++) {
                    JsonNode element = array.get(i);
                    JsonNode storable = node(element, path + "[" + i + "]");
                    if (storable != element) {
                        array.set(i, storable);
                    }
                }
                yield array;
            }
            case OBJECT -> object((ObjectNode) node, path);
            default -> node;
        };
    }

    private ObjectNode object(ObjectNode object, String path) throws Rejected {
        boolean renamed = false;
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = text(field.getKey());
            renamed |= name != field.getKey();
            JsonNode value = node(field.getValue(), path.isEmpty() ? name : path + "." + name);
            fields.add(Map.entry(name, value));
        }
        ObjectNode storable = renamed ? JsonNodeFactory.instance.objectNode() : object;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (renamed || field.getValue() != object.get(field.getKey())) {
                storable.set(field.getKey(), field.getValue());
            }
        }
        return storable;
    }

    /** The text made storable, counted when it changed. */
    private String text(String text) {
        String storable = storable(text);
        if (storable != text) {
            cleaned++;
        }
        return storable;
    }

    /**
     * The text with U+0000 and lone surrogates replaced by U+FFFD, which PostgreSQL's {@code text}
     * refuses (22021) or the driver would garble; the same instance when it had none.
     */
    static String storable(String text) {
        StringBuilder storable = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad;
            if (c == 0) {
                bad = true;
            } else if (Character.isHighSurrogate(c)) {
                bad = i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
            } else if (Character.isLowSurrogate(c)) {
                bad = i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
            } else {
                bad = false;
            }
            if (bad && storable == null) {
                storable = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (storable != null) {
                storable.append(bad ? REPLACEMENT : c);
            }
        }
        return storable == null ? text : storable.toString();
    }
}
