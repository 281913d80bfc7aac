package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON type of a known field, with the rules of the Go structs in {@code
 * runtime-spec/specs-go} (what runc and containerd unmarshal into): how a present JSON value is
 * read into Java, checked (for objects and arrays: all the way down), and written back.
 *
 * <p>As in Go, an integer kind rejects {@code 1.0}. JSON {@code null} never reaches a kind: a
 * {@link Field} treats it as absent, and a list of objects reads a {@code null} element as an
 * empty object.
 *
 * @param <T> the Java type of the field's value
 */
final class Kind<T> {
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger UINT32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    /** Reads a present value; {@code at} names it in error messages. */
    interface Reader<T> {
        T read(JsonNode value, String at);
    }

    /** Writes a non-null value; {@code what} names it in error messages. */
    interface Writer<T> {
        JsonNode write(T value, String what);
    }

    /** Checks a present value completely; {@code at} names it in error messages. */
    private interface Checker {
        void check(JsonNode value, String at);
    }

    static final Kind<String> STRING =
            scalar("a string", JsonNode::isTextual, JsonNode::textValue, (s, what) -> TextNode.valueOf(s));

    static final Kind<Boolean> BOOL =
            scalar("a boolean", JsonNode::isBoolean, JsonNode::booleanValue, (b, what) -> BooleanNode.valueOf(b));

    /**
     * A Go {@code int64}, leniently: values from {@code 2^63} to {@code 2^64-1}, which some tools
     * write for "unlimited" memory, are accepted (they stay exact in the tree) and read as the
     * negative {@code long} with the same 64 bits, {@code 2^64-1} as {@code -1}.
     */
    static final Kind<Long> INT64 =
            integer(INT64_MIN, UINT64_MAX, "a 64-bit integer", BigInteger::longValue, (v, what) -> OciJson.signed(v));

    /**
     * A Go {@code uint64}, as the {@code long} with the same 64 bits: values above {@link
     * Long#MAX_VALUE} come back negative ({@code 2^64-1} as {@code -1}), and a negative {@code
     * long} is written as its unsigned value.
     */
    static final Kind<Long> UINT64 = integer(
            BigInteger.ZERO,
            UINT64_MAX,
            "an unsigned 64-bit integer",
            BigInteger::longValue,
            (v, what) -> OciJson.unsigned(v));

    /** A Go {@code uint32}, widened to {@code long}; writing a value out of range is refused. */
    static final Kind<Long> UINT32 =
            integer(BigInteger.ZERO, UINT32_MAX, "an unsigned 32-bit integer", BigInteger::longValue, (v, what) -> {
                if (v < 0 || v > 0xFFFF_FFFFL) {
                    throw new InvalidParameterException(what + " must be in 0..4294967295: " + v);
                }
                return OciJson.signed(v);
            });

    /** A Go {@code int} that only ever holds small values (such as {@code oomScoreAdj}). */
    static final Kind<Integer> INT32 =
            integer(INT32_MIN, INT32_MAX, "a 32-bit integer", BigInteger::intValue, (v, what) -> OciJson.signed(v));

    /** An object this package does not look into (hooks, seccomp …): only its type is checked. */
    static final Kind<ObjectNode> OBJECT = objects(Schema.of());

    /** Unmodifiable when read; a null element is refused when written. */
    static final Kind<List<String>> STRINGS = list(STRING);

    static final Kind<List<Long>> UINT32S = list(UINT32);

    /** A Go {@code map[string]string}; unmodifiable and in document order when read. */
    static final Kind<Map<String, String>> STRING_MAP = new Kind<>(
            false,
            (v, at) -> {
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : requireObject(v, at).properties()) {
                    out.put(e.getKey(), STRING.read(e.getValue(), Field.path(at, e.getKey())));
                }
                return Collections.unmodifiableMap(out);
            },
            (m, what) -> OciJson.stringMap(m, what),
            null);

    private final boolean object;
    private final Reader<T> reader;
    private final Writer<T> writer;
    private final Checker checker;

    private Kind(boolean object, Reader<T> reader, Writer<T> writer, Checker checker) {
        this.object = object;
        this.reader = reader;
        this.writer = writer;
        this.checker = checker != null ? checker : reader::read;
    }

    /**
     * An object whose known fields are {@code schema}'s, read as a {@code T} by {@code wrap} and
     * written by {@code unwrap} (which must return a tree nobody else holds).
     */
    static <T> Kind<T> object(Schema schema, Function<ObjectNode, T> wrap, Function<T, ObjectNode> unwrap) {
        return new Kind<>(
                true,
                (v, at) -> wrap.apply(requireObject(v, at)),
                (t, what) -> unwrap.apply(t),
                (v, at) -> schema.validate(requireObject(v, at), at));
    }

    /** An object with {@code schema}'s known fields, handled as the tree itself. */
    static Kind<ObjectNode> objects(Schema schema) {
        return object(schema, o -> o, ObjectNode::deepCopy);
    }

    /** A JSON array of {@code element}s, read as an unmodifiable list. */
    static <E> Kind<List<E>> list(Kind<E> element) {
        return new Kind<>(
                false,
                (v, at) -> {
                    ArrayNode a = requireArray(v, at);
                    List<E> out = new ArrayList<>(a.size());
                    for (int i = 0; i < a.size(); i++) {
                        out.add(element.read(element.orEmpty(a.get(i)), at + "[" + i + "]"));
                    }
                    return Collections.unmodifiableList(out);
                },
                (values, what) -> {
                    ArrayNode a = OciJson.newArray();
                    for (E e : values) {
                        a.add(element.write(OciJson.requireElement(e, what), what));
                    }
                    return a;
                },
                (v, at) -> {
                    ArrayNode a = requireArray(v, at);
                    for (int i = 0; i < a.size(); i++) {
                        element.check(element.orEmpty(a.get(i)), at + "[" + i + "]");
                    }
                });
    }

    /** The value of a present JSON value. */
    T read(JsonNode value, String at) {
        return reader.read(value, at);
    }

    /** Checks a present JSON value, nested objects and elements included. */
    void check(JsonNode value, String at) {
        checker.check(value, at);
    }

    /** The JSON for a non-null value. */
    JsonNode write(T value, String what) {
        return writer.write(value, what);
    }

    /** Go reads a {@code null} array element into a zero struct; other kinds keep the null and refuse it. */
    private JsonNode orEmpty(JsonNode element) {
        return object && element.isNull() ? OciJson.newObject() : element;
    }

    private static <T> Kind<T> scalar(
            String expected, Function<JsonNode, Boolean> is, Function<JsonNode, T> value, Writer<T> writer) {
        return new Kind<>(
                false,
                (v, at) -> {
                    if (!is.apply(v)) {
                        throw invalid(at, expected, v);
                    }
                    return value.apply(v);
                },
                writer,
                null);
    }

    private static <T> Kind<T> integer(
            BigInteger min, BigInteger max, String expected, Function<BigInteger, T> value, Writer<T> writer) {
        return new Kind<>(
                false,
                (v, at) -> {
                    if (!v.isIntegralNumber()) {
                        throw invalid(at, expected, v);
                    }
                    BigInteger b = v.bigIntegerValue();
                    if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
                        throw invalid(at, expected, v);
                    }
                    return value.apply(b);
                },
                writer,
                null);
    }

    static ObjectNode requireObject(JsonNode v, String at) {
        if (!v.isObject()) {
            throw invalid(at, "an object", v);
        }
        return (ObjectNode) v;
    }

    private static ArrayNode requireArray(JsonNode v, String at) {
        if (!v.isArray()) {
            throw invalid(at, "an array", v);
        }
        return (ArrayNode) v;
    }

    static InvalidParameterException invalid(String field, String expected, JsonNode actual) {
        return new InvalidParameterException(
                "invalid OCI runtime spec: \"" + field + "\" must be " + expected + ", not " + describe(actual));
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
                return n.getNodeType().toString().toLowerCase(Locale.ROOT);
        }
    }
}
