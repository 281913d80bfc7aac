package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of the OCI {@code linux.namespaces}: a namespace the container gets.
 *
 * @param type the namespace kind as the spec names it: {@code pid}, {@code network}, {@code
 *     mount}, {@code ipc}, {@code uts}, {@code user}, {@code cgroup} or {@code time}; never null
 * @param path a namespace file to join (such as {@code /proc/1234/ns/net}), or null to create
 *     a new namespace
 */
public record LinuxNamespace(String type, String path) {
    static final Field<String> TYPE = Field.of("type", Kind.STRING);
    static final Field<String> PATH = Field.of("path", Kind.STRING);
    static final Kind<LinuxNamespace> KIND =
            Kind.object(Schema.of(TYPE, PATH), LinuxNamespace::read, LinuxNamespace::toNode);

    /**
     * Checks the type.
     *
     * @throws dev.libcontainerd.errdefs.InvalidParameterException if {@code type} is null
     */
    public LinuxNamespace {
        OciJson.requireNonNull(type, "namespace type");
    }

    /** A new namespace of {@code type} (no path). */
    public static LinuxNamespace of(String type) {
        return new LinuxNamespace(type, null);
    }

    private static LinuxNamespace read(ObjectNode node) {
        // Go reads a missing type as ""; keep that rather than refusing a spec runc would take.
        return new LinuxNamespace(TYPE.getOr(node, ""), PATH.get(node));
    }

    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        TYPE.set(n, type);
        PATH.set(n, path);
        return n;
    }
}
