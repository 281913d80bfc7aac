package dev.libcontainerd.oci;

import static dev.libcontainerd.oci.TestJson.resource;
import static dev.libcontainerd.oci.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Unknown fields injected anywhere in real specs come back from a round trip exactly. */
class RoundTripProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** JSON pointers of objects (in full-spec.json) that get unknown fields. */
    private static final List<String> LOCATIONS = List.of(
            "",
            "/process",
            "/process/user",
            "/process/capabilities",
            "/process/rlimits/0",
            "/process/consoleSize",
            "/root",
            "/mounts/0",
            "/mounts/1",
            "/hooks",
            "/linux",
            "/linux/resources",
            "/linux/resources/memory",
            "/linux/resources/cpu",
            "/linux/resources/pids",
            "/linux/resources/devices/0",
            "/linux/namespaces/0",
            "/linux/uidMappings/0",
            "/linux/seccomp");

    private static final String FULL_SPEC = resource("full-spec.json");

    record Injection(String location, String name, JsonNode value) {}

    @Property(tries = 200, edgeCases = EdgeCasesMode.FIRST)
    void unknownFieldsSurviveSpecRoundTrip(@ForAll("injections") @Size(max = 12) List<Injection> injections) {
        ObjectNode expected = inject((ObjectNode) tree(FULL_SPEC), injections);
        String json = expected.toString();

        Spec spec = Spec.fromJson(json);

        assertThat(tree(spec.toJson())).isEqualTo(expected);
        assertThat(tree(spec.toBuilder().build().toJson())).isEqualTo(expected);
        assertThat(tree(spec.process().toJson())).isEqualTo(expected.get("process"));
        assertThat(tree(spec.linux().resources().toJson())).isEqualTo(expected.at("/linux/resources"));
        assertThat(tree(ProcessSpec.fromJson(expected.get("process").toString()).toJson()))
                .isEqualTo(expected.get("process"));
        assertThat(tree(LinuxResources.fromJson(expected.at("/linux/resources").toString())
                        .toJson()))
                .isEqualTo(expected.at("/linux/resources"));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.FIRST)
    void unknownFieldsSurviveBuilderEditsOfOtherFields(
            @ForAll("injections") @Size(max = 8) List<Injection> injections, @ForAll long limit) {
        ObjectNode original = inject((ObjectNode) tree(FULL_SPEC), injections);
        original.withObjectProperty("process").put("x-edit", "ok");

        Spec edited = Spec.fromJson(original.toString()).toBuilder()
                .args("true")
                .hostname("edited")
                .cgroupsPath("/x")
                .mergeResources(LinuxResources.builder().pidsLimit(limit).build())
                .build();

        ObjectNode expected = original.deepCopy();
        expected.withObjectProperty("process").set("args", NODES.arrayNode().add("true"));
        expected.put("hostname", "edited");
        expected.withObjectProperty("linux").put("cgroupsPath", "/x");
        expected.withObject("/linux/resources/pids").set("limit", OciJson.signed(limit));
        assertThat(tree(edited.toJson())).isEqualTo(tree(expected.toString()));
    }

    @Property(tries = 300)
    void knownIntegersKeepTheirExactValue(
            @ForAll("unsigned64") BigInteger shares, @ForAll long limit, @ForAll("uint32") long uid) {
        String json = "{\"process\":{\"user\":{\"uid\":" + uid + ",\"gid\":0}},\"linux\":{\"resources\":"
                + "{\"memory\":{\"limit\":" + limit + "},\"cpu\":{\"shares\":" + shares + "}}}}";

        Spec spec = Spec.fromJson(json);

        assertThat(tree(spec.toJson())).isEqualTo(tree(json));
        assertThat(spec.process().uid()).isEqualTo(uid);
        assertThat(spec.linux().resources().memoryLimit()).hasValue(limit);
        assertThat(spec.linux().resources().cpuShares()).hasValue(shares.longValue());
        assertThat(Long.toUnsignedString(spec.linux().resources().cpuShares().getAsLong()))
                .isEqualTo(shares.toString());
    }

    /**
     * Injects the values, then re-reads the whole tree: generated nodes may be wider than the
     * parser's ({@code LongNode} 0 where parsing {@code 0} gives an {@code IntNode}), and trees
     * only compare equal node kind for node kind.
     */
    private static ObjectNode inject(ObjectNode root, List<Injection> injections) {
        for (Injection i : injections) {
            JsonNode target = root.at(i.location());
            if (target instanceof ObjectNode) {
                ((ObjectNode) target).set(i.name(), i.value().deepCopy());
            }
        }
        return (ObjectNode) tree(root.toString());
    }

    @Provide
    Arbitrary<List<Injection>> injections() {
        Arbitrary<String> names = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('_', '-', '.')
                .ofMinLength(1)
                .ofMaxLength(10)
                .map(s -> "x" + s);
        return Combinators.combine(Arbitraries.of(LOCATIONS), names, json())
                .as(Injection::new)
                .list();
    }

    @Provide
    Arbitrary<BigInteger> unsigned64() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    }

    @Provide
    Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    /** Any JSON value: scalars of every kind, and arrays and objects nested a few levels deep. */
    private static Arbitrary<JsonNode> json() {
        return Arbitraries.recursive(RoundTripProperties::scalar, RoundTripProperties::container, 0, 3);
    }

    private static Arbitrary<JsonNode> scalar() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u017f')
                .withChars('\n', '\t', '\u2603')
                .ofMaxLength(12);
        return Arbitraries.oneOf(
                text.map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(80))
                        .map(NODES::numberNode),
                // -0.0 is left out: fractions are kept as BigDecimal, which has no negative zero.
                Arbitraries.doubles()
                        .between(-1e9, 1e9)
                        .filter(d -> Double.doubleToRawLongBits(d) != Long.MIN_VALUE)
                        .map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
    }

    private static Arbitrary<JsonNode> container(Arbitrary<JsonNode> element) {
        Arbitrary<JsonNode> array = element.list().ofMaxSize(4).map(l -> {
            ArrayNode a = NODES.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMaxLength(6), element)
                .ofMaxSize(4)
                .map(m -> {
                    ObjectNode o = NODES.objectNode();
                    for (Map.Entry<String, JsonNode> e : m.entrySet()) {
                        o.set(e.getKey(), e.getValue());
                    }
                    return o;
                });
        return Arbitraries.oneOf(array, object);
    }
}
