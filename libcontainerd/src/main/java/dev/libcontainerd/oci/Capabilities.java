package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OCI {@code process.capabilities}: the Linux capability sets of the process, by name
 * ({@code CAP_CHOWN} …). Every list is unmodifiable and empty when the set is absent.
 *
 * @param bounding the bounding set
 * @param effective the effective set
 * @param inheritable the inheritable set
 * @param permitted the permitted set
 * @param ambient the ambient set
 */
public record Capabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient) {
    static final Field<List<String>> BOUNDING = Field.of("bounding", Kind.STRINGS);
    static final Field<List<String>> EFFECTIVE = Field.of("effective", Kind.STRINGS);
    static final Field<List<String>> INHERITABLE = Field.of("inheritable", Kind.STRINGS);
    static final Field<List<String>> PERMITTED = Field.of("permitted", Kind.STRINGS);
    static final Field<List<String>> AMBIENT = Field.of("ambient", Kind.STRINGS);
    static final Kind<Capabilities> KIND = Kind.object(
            Schema.of(BOUNDING, EFFECTIVE, INHERITABLE, PERMITTED, AMBIENT), Capabilities::read, Capabilities::toNode);

    /**
     * Copies the lists; null stands for an empty set.
     *
     * @throws dev.libcontainerd.errdefs.InvalidParameterException if a list contains null
     */
    public Capabilities {
        bounding = copy(bounding);
        effective = copy(effective);
        inheritable = copy(inheritable);
        permitted = copy(permitted);
        ambient = copy(ambient);
    }

    /**
     * The sets containerd's {@code WithCapabilities} writes: {@code caps} as the bounding,
     * effective and permitted sets, with no inheritable or ambient capabilities.
     */
    public static Capabilities of(List<String> caps) {
        return new Capabilities(caps, caps, List.of(), caps, List.of());
    }

    private static List<String> copy(List<String> l) {
        if (l == null) {
            return List.of();
        }
        l.forEach(c -> OciJson.requireElement(c, "capabilities"));
        return List.copyOf(l);
    }

    private static Capabilities read(ObjectNode node) {
        return new Capabilities(
                BOUNDING.get(node), EFFECTIVE.get(node), INHERITABLE.get(node), PERMITTED.get(node), AMBIENT.get(node));
    }

    /** Empty sets are left out, as Go's {@code omitempty} does. */
    private ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        put(n, BOUNDING, bounding);
        put(n, EFFECTIVE, effective);
        put(n, INHERITABLE, inheritable);
        put(n, PERMITTED, permitted);
        put(n, AMBIENT, ambient);
        return n;
    }

    private static void put(ObjectNode n, Field<List<String>> field, List<String> caps) {
        field.set(n, caps.isEmpty() ? null : caps);
    }
}
