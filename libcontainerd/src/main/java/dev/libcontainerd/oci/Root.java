package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OCI {@code root} object: the container's root filesystem.
 *
 * <p>A read-only view of the spec's {@code root}; other fields of that object stay in the
 * {@link Spec} and are not lost by reading this. Change it through {@link Spec.Builder#rootPath}
 * and {@link Spec.Builder#rootReadonly}.
 *
 * @param path the root filesystem, absolute or relative to the bundle (containerd uses {@code
 *     "rootfs"}); null when the spec has none
 * @param readonly whether the root filesystem is mounted read-only; false when absent
 */
public record Root(String path, boolean readonly) {
    static final Field<String> PATH = Field.of("path", Kind.STRING);
    static final Field<Boolean> READONLY = Field.of("readonly", Kind.BOOL);
    static final Kind<Root> KIND = Kind.object(Schema.of(PATH, READONLY), Root::read, Root::toNode);

    private static Root read(ObjectNode node) {
        return new Root(PATH.get(node), READONLY.getOr(node, false));
    }

    private ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        PATH.set(n, path);
        READONLY.set(n, readonly);
        return n;
    }
}
