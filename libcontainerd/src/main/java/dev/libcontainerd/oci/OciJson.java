package dev.libcontainerd.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.math.BigInteger;
import java.util.Map;

/**
 * The one Jackson configuration of this package, and the tree helpers the value types share.
 *
 * <p>The model keeps the parsed JSON tree as its source of truth rather than binding to POJOs:
 * that is what makes fields this package does not know, {@code null}s, and integers beyond
 * {@code long} reach runc exactly as the user wrote them.
 */
final class OciJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Thread-safe once configured; never reconfigured after class initialisation. Fractions are
     * read as BigDecimal, unstripped, so that an unknown {@code 1.50} or {@code 1e400} is written
     * back as the same number instead of a rounded or infinite double.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private OciJson() {}

    /**
     * Parses {@code json} as a JSON object and returns a tree nobody else holds.
     *
     * @param what names the document in error messages ("OCI runtime spec")
     * @throws InvalidParameterException if {@code json} is null, not JSON, or not an object
     */
    static ObjectNode parseObject(String json, String what) {
        if (json == null) {
            throw new InvalidParameterException(what + ": JSON text is null");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException(what + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidParameterException(what + ": JSON text is empty");
        }
        if (!node.isObject()) {
            throw new InvalidParameterException(what + ": expected a JSON object but found " + Kind.describe(node));
        }
        return (ObjectNode) node;
    }

    /** Serialises a tree compactly. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; anything else is a bug here.
            throw new IllegalStateException("cannot serialise OCI JSON tree", e);
        }
    }

    static ObjectNode newObject() {
        return NODES.objectNode();
    }

    static ArrayNode newArray() {
        return NODES.arrayNode();
    }

    /**
     * A signed integer node of the narrowest kind, the same kind the parser produces for the
     * same digits, so that built and parsed trees compare equal.
     */
    static JsonNode signed(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /** An unsigned 64-bit integer node: a negative {@code value} stands for {@code value + 2^64}. */
    static JsonNode unsigned(long value) {
        if (value >= 0) {
            return signed(value);
        }
        return BigIntegerNode.valueOf(BigInteger.valueOf(value).add(TWO_64));
    }

    static ObjectNode stringMap(Map<String, String> values, String what) {
        ObjectNode object = newObject();
        for (Map.Entry<String, String> e : values.entrySet()) {
            object.put(requireElement(e.getKey(), what), requireElement(e.getValue(), what));
        }
        return object;
    }

    static <T> T requireElement(T value, String what) {
        if (value == null) {
            throw new InvalidParameterException(what + " must not contain null");
        }
        return value;
    }

    static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new InvalidParameterException(what + " must not be null");
        }
        return value;
    }

    /** The object at {@code field}, replacing an absent or non-object value with a new object. */
    static ObjectNode child(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        if (existing instanceof ObjectNode) {
            return (ObjectNode) existing;
        }
        return parent.putObject(field);
    }

    /** Sets {@code field}, or removes it when {@code value} is null. */
    static void putOrRemove(ObjectNode parent, String field, JsonNode value) {
        if (value == null) {
            parent.remove(field);
        } else {
            parent.set(field, value);
        }
    }

    /**
     * Merges {@code patch} into {@code target}: objects merge field by field, anything else
     * (scalars, arrays, null) replaces. The patch is copied, never shared.
     */
    static void deepMerge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode current = target.get(e.getKey());
            if (current instanceof ObjectNode && e.getValue() instanceof ObjectNode) {
                deepMerge((ObjectNode) current, (ObjectNode) e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
