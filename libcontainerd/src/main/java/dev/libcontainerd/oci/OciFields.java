package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of known fields from a JSON object, with the type rules of the Go structs in
 * {@code runtime-spec/specs-go} (what runc and containerd unmarshal into).
 *
 * <p>Each value type validates its whole tree once, at construction, by calling these readers;
 * its accessors call them again later and can then no longer fail. As in Go, a JSON {@code null}
 * is the same as an absent field, and an integer field rejects {@code 1.0}.
 */
final class OciFields {
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger UINT32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private OciFields() {}

    /** {@code parent.field}, the way error messages name a field. */
    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /** The field's value, or null when it is absent or JSON null. */
    static JsonNode present(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v;
    }

    static String string(ObjectNode o, String field, String where) {
        JsonNode v = present(o, field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(path(where, field), "a string", v);
        }
        return v.textValue();
    }

    static Boolean bool(ObjectNode o, String field, String where) {
        JsonNode v = present(o, field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw invalid(path(where, field), "a boolean", v);
        }
        return v.booleanValue();
    }

    static ObjectNode object(ObjectNode o, String field, String where) {
        JsonNode v = present(o, field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid(path(where, field), "an object", v);
        }
        return (ObjectNode) v;
    }

    static ArrayNode array(ObjectNode o, String field, String where) {
        JsonNode v = present(o, field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw invalid(path(where, field), "an array", v);
        }
        return (ArrayNode) v;
    }

    /** The array's elements, each checked to be an object (null elements are kept as empty). */
    static List<ObjectNode> objects(ObjectNode o, String field, String where) {
        ArrayNode a = array(o, field, where);
        if (a == null) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            if (e.isNull()) {
                out.add(OciJson.newObject());
            } else if (e.isObject()) {
                out.add((ObjectNode) e);
            } else {
                throw invalid(path(where, field) + "[" + i + "]", "an object", e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Unmodifiable; empty when the field is absent. */
    static List<String> strings(ObjectNode o, String field, String where) {
        ArrayNode a = array(o, field, where);
        if (a == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            if (!e.isTextual()) {
                throw invalid(path(where, field) + "[" + i + "]", "a string", e);
            }
            out.add(e.textValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** Unmodifiable, in document order; empty when the field is absent. */
    static Map<String, String> stringMap(ObjectNode o, String field, String where) {
        ObjectNode m = object(o, field, where);
        if (m == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            if (!e.getValue().isTextual()) {
                throw invalid(path(path(where, field), e.getKey()), "a string", e.getValue());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A Go {@code int64}, leniently: values from {@code 2^63} to {@code 2^64-1}, which some
     * tools write for "unlimited" memory, are accepted (they stay exact in the tree) and read as
     * the negative {@code long} with the same 64 bits, {@code 2^64-1} as {@code -1}.
     */
    static Long int64(ObjectNode o, String field, String where) {
        BigInteger v = integer(o, field, where, INT64_MIN, UINT64_MAX, "a 64-bit integer");
        return v == null ? null : v.longValue();
    }

    /**
     * A Go {@code uint64}, as the {@code long} with the same 64 bits: values above
     * {@link Long#MAX_VALUE} come back negative ({@code 2^64-1} as {@code -1}).
     */
    static Long uint64(ObjectNode o, String field, String where) {
        BigInteger v = integer(o, field, where, BigInteger.ZERO, UINT64_MAX,
                "an unsigned 64-bit integer");
        return v == null ? null : v.longValue();
    }

    /** A Go {@code uint32}, widened to {@code long}. */
    static Long uint32(ObjectNode o, String field, String where) {
        BigInteger v = integer(o, field, where, BigInteger.ZERO, UINT32_MAX,
                "an unsigned 32-bit integer");
        return v == null ? null : v.longValue();
    }

    /** A Go {@code int} that only ever holds small values (such as {@code oomScoreAdj}). */
    static Integer int32(ObjectNode o, String field, String where) {
        BigInteger v = integer(o, field, where, INT32_MIN, INT32_MAX, "a 32-bit integer");
        return v == null ? null : v.intValue();
    }

    /** Checks every element of a uint32 array (such as {@code additionalGids}). */
    static List<Long> uint32s(ObjectNode o, String field, String where) {
        ArrayNode a = array(o, field, where);
        if (a == null) {
            return List.of();
        }
        List<Long> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            if (!e.isIntegralNumber() || e.bigIntegerValue().signum() < 0
                    || e.bigIntegerValue().compareTo(UINT32_MAX) > 0) {
                throw invalid(path(where, field) + "[" + i + "]", "an unsigned 32-bit integer", e);
            }
            out.add(e.longValue());
        }
        return Collections.unmodifiableList(out);
    }

    private static BigInteger integer(ObjectNode o, String field, String where, BigInteger min,
            BigInteger max, String expected) {
        JsonNode v = present(o, field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw invalid(path(where, field), expected, v);
        }
        BigInteger b = v.bigIntegerValue();
        if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
            throw invalid(path(where, field), expected, v);
        }
        return b;
    }

    static InvalidParameterException invalid(String field, String expected, JsonNode actual) {
        return new InvalidParameterException("invalid OCI runtime spec: \"" + field + "\" must be "
                + expected + ", not " + describe(actual));
    }

    /** A short human description of a node for error messages, without dumping big values. */
    static String describe(JsonNode n) {
        switch (n.getNodeType()) {
            case STRING:
                String s = n.textValue();
                return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
            case NUMBER:
                return "the number " + n.asText();
            case BOOLEAN:
                return "the boolean " + n.asText();
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NULL:
                return "null";
            default:
                return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
