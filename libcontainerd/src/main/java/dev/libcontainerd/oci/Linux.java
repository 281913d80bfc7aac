package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The OCI {@code linux} object of a {@link Spec}: namespaces, id mappings, cgroup and
 * hardening settings.
 *
 * <p>Immutable and thread-safe; a read-only view whose fields without an accessor (seccomp,
 * devices, intelRdt …) stay in the spec. Change it through {@link Spec.Builder}. Equality is
 * equality of the JSON content.
 */
public final class Linux {
    private static final Schema DEVICE = Schema.of(
            Field.of("path", Kind.STRING),
            Field.of("type", Kind.STRING),
            Field.of("major", Kind.INT64),
            Field.of("minor", Kind.INT64),
            Field.of("fileMode", Kind.UINT32),
            Field.of("uid", Kind.UINT32),
            Field.of("gid", Kind.UINT32));

    static final Field<List<LinuxIdMapping>> UID_MAPPINGS = Field.of("uidMappings", Kind.list(LinuxIdMapping.KIND));
    static final Field<List<LinuxIdMapping>> GID_MAPPINGS = Field.of("gidMappings", Kind.list(LinuxIdMapping.KIND));
    static final Field<Map<String, String>> SYSCTL = Field.of("sysctl", Kind.STRING_MAP);
    static final Field<LinuxResources> RESOURCES = Field.of("resources", LinuxResources.KIND);
    static final Field<String> CGROUPS_PATH = Field.of("cgroupsPath", Kind.STRING);
    static final Field<List<LinuxNamespace>> NAMESPACES = Field.of("namespaces", Kind.list(LinuxNamespace.KIND));
    static final Field<List<ObjectNode>> DEVICES = Field.of("devices", Kind.list(Kind.objects(DEVICE)));
    static final Field<ObjectNode> SECCOMP = Field.of("seccomp", Kind.OBJECT);
    static final Field<String> ROOTFS_PROPAGATION = Field.of("rootfsPropagation", Kind.STRING);
    static final Field<List<String>> MASKED_PATHS = Field.of("maskedPaths", Kind.STRINGS);
    static final Field<List<String>> READONLY_PATHS = Field.of("readonlyPaths", Kind.STRINGS);
    static final Field<String> MOUNT_LABEL = Field.of("mountLabel", Kind.STRING);
    static final Field<ObjectNode> INTEL_RDT = Field.of("intelRdt", Kind.OBJECT);
    static final Field<ObjectNode> PERSONALITY = Field.of("personality", Kind.OBJECT);

    /** The known fields, checked with the Go types runc unmarshals them into. */
    static final Schema SCHEMA = Schema.of(
            UID_MAPPINGS,
            GID_MAPPINGS,
            SYSCTL,
            RESOURCES,
            CGROUPS_PATH,
            NAMESPACES,
            DEVICES,
            SECCOMP,
            ROOTFS_PROPAGATION,
            MASKED_PATHS,
            READONLY_PATHS,
            MOUNT_LABEL,
            INTEL_RDT,
            PERSONALITY);

    /** The {@code linux} member of a spec, read as this type. */
    static final Kind<Linux> KIND = Kind.object(SCHEMA, Linux::new, l -> l.node.deepCopy());

    private final ObjectNode node;

    /** Wraps a tree that is already validated and that nobody will change. */
    private Linux(ObjectNode node) {
        this.node = node;
    }

    /** The cgroup limits, or null when absent. */
    public LinuxResources resources() {
        return RESOURCES.get(node);
    }

    /** The container's cgroup, such as {@code /default/mycontainer}, or null when absent. */
    public String cgroupsPath() {
        return CGROUPS_PATH.get(node);
    }

    /** The namespaces the container gets; unmodifiable, empty when absent. */
    public List<LinuxNamespace> namespaces() {
        return NAMESPACES.getOr(node, List.of());
    }

    /** The user namespace's uid mappings; unmodifiable, empty when absent. */
    public List<LinuxIdMapping> uidMappings() {
        return UID_MAPPINGS.getOr(node, List.of());
    }

    /** The user namespace's gid mappings; unmodifiable, empty when absent. */
    public List<LinuxIdMapping> gidMappings() {
        return GID_MAPPINGS.getOr(node, List.of());
    }

    /** Paths made inaccessible inside the container; unmodifiable, empty when absent. */
    public List<String> maskedPaths() {
        return MASKED_PATHS.getOr(node, List.of());
    }

    /** Paths made read-only inside the container; unmodifiable, empty when absent. */
    public List<String> readonlyPaths() {
        return READONLY_PATHS.getOr(node, List.of());
    }

    /** Kernel parameters set in the container; unmodifiable, empty when absent. */
    public Map<String, String> sysctl() {
        return SYSCTL.getOr(node, Map.of());
    }

    /** The rootfs mount propagation ({@code rprivate} …), or null when absent. */
    public String rootfsPropagation() {
        return ROOTFS_PROPAGATION.get(node);
    }

    /** The object as compact JSON, every field included. */
    public String toJson() {
        return OciJson.write(node);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Linux && node.equals(((Linux) o).node));
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** The JSON form, as {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson();
    }
}
