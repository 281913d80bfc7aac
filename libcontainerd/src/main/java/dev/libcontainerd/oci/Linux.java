package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
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
    private static final String WHERE = "linux";

    private final ObjectNode node;

    /** Wraps a tree that is already validated and that nobody will change. */
    Linux(ObjectNode node) {
        this.node = node;
    }

    /** The cgroup limits, or null when absent. */
    public LinuxResources resources() {
        ObjectNode r = OciFields.object(node, "resources", WHERE);
        return r == null ? null : new LinuxResources(r);
    }

    /** The container's cgroup, such as {@code /default/mycontainer}, or null when absent. */
    public String cgroupsPath() {
        return OciFields.string(node, "cgroupsPath", WHERE);
    }

    /** The namespaces the container gets; unmodifiable, empty when absent. */
    public List<LinuxNamespace> namespaces() {
        List<LinuxNamespace> out = new ArrayList<>();
        for (ObjectNode n : OciFields.objects(node, "namespaces", WHERE)) {
            out.add(LinuxNamespace.read(n, WHERE + ".namespaces"));
        }
        return List.copyOf(out);
    }

    /** The user namespace's uid mappings; unmodifiable, empty when absent. */
    public List<LinuxIdMapping> uidMappings() {
        return mappings("uidMappings");
    }

    /** The user namespace's gid mappings; unmodifiable, empty when absent. */
    public List<LinuxIdMapping> gidMappings() {
        return mappings("gidMappings");
    }

    /** Paths made inaccessible inside the container; unmodifiable, empty when absent. */
    public List<String> maskedPaths() {
        return OciFields.strings(node, "maskedPaths", WHERE);
    }

    /** Paths made read-only inside the container; unmodifiable, empty when absent. */
    public List<String> readonlyPaths() {
        return OciFields.strings(node, "readonlyPaths", WHERE);
    }

    /** Kernel parameters set in the container; unmodifiable, empty when absent. */
    public Map<String, String> sysctl() {
        return OciFields.stringMap(node, "sysctl", WHERE);
    }

    /** The rootfs mount propagation ({@code rprivate} …), or null when absent. */
    public String rootfsPropagation() {
        return OciFields.string(node, "rootfsPropagation", WHERE);
    }

    /** The object as compact JSON, every field included. */
    public String toJson() {
        return OciJson.write(node);
    }

    private List<LinuxIdMapping> mappings(String field) {
        List<LinuxIdMapping> out = new ArrayList<>();
        for (ObjectNode n : OciFields.objects(node, field, WHERE)) {
            out.add(LinuxIdMapping.read(n, WHERE + "." + field));
        }
        return List.copyOf(out);
    }

    /** Checks the known fields, with the Go types runc unmarshals them into. */
    static void validate(ObjectNode n, String where) {
        for (String field : new String[] {"uidMappings", "gidMappings"}) {
            int i = 0;
            for (ObjectNode m : OciFields.objects(n, field, where)) {
                LinuxIdMapping.read(m, OciFields.path(where, field) + "[" + i++ + "]");
            }
        }
        OciFields.stringMap(n, "sysctl", where);
        ObjectNode resources = OciFields.object(n, "resources", where);
        if (resources != null) {
            LinuxResources.validate(resources, OciFields.path(where, "resources"));
        }
        OciFields.string(n, "cgroupsPath", where);
        int i = 0;
        for (ObjectNode ns : OciFields.objects(n, "namespaces", where)) {
            LinuxNamespace.read(ns, OciFields.path(where, "namespaces") + "[" + i++ + "]");
        }
        i = 0;
        for (ObjectNode d : OciFields.objects(n, "devices", where)) {
            String at = OciFields.path(where, "devices") + "[" + i++ + "]";
            OciFields.string(d, "path", at);
            OciFields.string(d, "type", at);
            OciFields.int64(d, "major", at);
            OciFields.int64(d, "minor", at);
            OciFields.uint32(d, "fileMode", at);
            OciFields.uint32(d, "uid", at);
            OciFields.uint32(d, "gid", at);
        }
        OciFields.object(n, "seccomp", where);
        OciFields.string(n, "rootfsPropagation", where);
        OciFields.strings(n, "maskedPaths", where);
        OciFields.strings(n, "readonlyPaths", where);
        OciFields.string(n, "mountLabel", where);
        OciFields.object(n, "intelRdt", where);
        OciFields.object(n, "personality", where);
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
