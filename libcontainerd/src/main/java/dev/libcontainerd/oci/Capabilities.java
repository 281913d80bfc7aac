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
public record Capabilities(List<String> bounding, List<String> effective,
        List<String> inheritable, List<String> permitted, List<String> ambient) {
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

    static Capabilities read(ObjectNode node, String where) {
        return new Capabilities(OciFields.strings(node, "bounding", where),
                OciFields.strings(node, "effective", where),
                OciFields.strings(node, "inheritable", where),
                OciFields.strings(node, "permitted", where),
                OciFields.strings(node, "ambient", where));
    }

    /** Empty sets are left out, as Go's {@code omitempty} does. */
    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        put(n, "bounding", bounding);
        put(n, "effective", effective);
        put(n, "inheritable", inheritable);
        put(n, "permitted", permitted);
        put(n, "ambient", ambient);
        return n;
    }

    private static void put(ObjectNode n, String field, List<String> caps) {
        if (!caps.isEmpty()) {
            n.set(field, OciJson.strings(caps, "capabilities"));
        }
    }
}
