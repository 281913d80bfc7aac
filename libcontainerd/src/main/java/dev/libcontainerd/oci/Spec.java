package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI runtime spec: the {@code config.json} runc reads to create a container.
 *
 * <p>Immutable and thread-safe. It holds the JSON object it was read from or built into, so a
 * user's {@code config.json} reaches runc whole: fields this model has no accessor for, at any
 * depth, and fields of newer spec versions are written back by {@link #toJson()} unchanged, with
 * their JSON types (an integer stays an integer, {@code 2^64-1} stays exact). Equality is
 * equality of that JSON content.
 *
 * <p>Known fields are checked on the way in against the types runc expects; a wrong type is an
 * {@link InvalidParameterException}, raised before anything reaches containerd.
 */
public final class Spec {
    private static final String WHERE = "";

    private final ObjectNode node;

    private Spec(ObjectNode node) {
        this.node = node;
    }

    /**
     * Reads a {@code config.json}.
     *
     * @throws InvalidParameterException if {@code json} is null, malformed, not an object, or a
     *     known field has the wrong JSON type or range (such as {@code "process": 5})
     */
    public static Spec fromJson(String json) {
        ObjectNode node = OciJson.parseObject(json, "OCI runtime spec");
        validate(node);
        return new Spec(node);
    }

    /** A builder for an empty spec; most callers want {@link #linuxDefaults()} instead. */
    public static Builder builder() {
        return new Builder(OciJson.newObject());
    }

    /**
     * A builder prefilled with containerd's default Linux spec, what containerd's {@code
     * oci.populateDefaultUnixSpec} produces (and {@code ctr oci spec} prints):
     * <ul>
     *   <li>{@code ociVersion} {@code 1.0.2-dev}; root {@code rootfs}, writable;
     *   <li>process: uid 0, gid 0, cwd {@code /}, the default {@code PATH}, containerd's 14
     *       default capabilities as bounding, effective and permitted sets, {@code RLIMIT_NOFILE}
     *       1024/1024, {@code noNewPrivileges};
     *   <li>mounts {@code /proc}, {@code /dev}, {@code /dev/pts}, {@code /dev/shm}, {@code
     *       /dev/mqueue}, {@code /sys}, a read-only {@code /sys/fs/cgroup} and {@code /run};
     *   <li>linux: every device denied in the device cgroup; new pid, ipc, uts, mount and
     *       network namespaces; containerd's masked and read-only {@code /proc} and {@code /sys}
     *       paths; no {@code cgroupsPath} (see {@link #linuxDefaults(String, String)}).
     * </ul>
     * Only {@code args} is missing for runc to run it. With {@code terminal(true)} the spec
     * suits an interactive shell as is: {@code /dev/pts} is already mounted.
     */
    public static Builder linuxDefaults() {
        return new Builder(LinuxDefaults.tree(null));
    }

    /**
     * {@link #linuxDefaults()} with containerd's {@code cgroupsPath}, {@code
     * /<namespace>/<containerId>}.
     *
     * @throws InvalidParameterException if either argument is null
     */
    public static Builder linuxDefaults(String namespace, String containerId) {
        OciJson.requireNonNull(namespace, "namespace");
        OciJson.requireNonNull(containerId, "containerId");
        return new Builder(LinuxDefaults.tree(cgroupsPath(namespace, containerId)));
    }

    /** A builder that starts from this spec, unknown fields included. */
    public Builder toBuilder() {
        return new Builder(node.deepCopy());
    }

    /** The spec as compact JSON, every field it was read with included. */
    public String toJson() {
        return OciJson.write(node);
    }

    /** The runtime-spec version the spec follows, or null when absent. */
    public String ociVersion() {
        return OciFields.string(node, "ociVersion", WHERE);
    }

    /** The container's init process, or null when absent. */
    public ProcessSpec process() {
        ObjectNode p = OciFields.object(node, "process", WHERE);
        return p == null ? null : new ProcessSpec(p);
    }

    /** The root filesystem, or null when absent. */
    public Root root() {
        ObjectNode r = OciFields.object(node, "root", WHERE);
        return r == null ? null : Root.read(r, "root");
    }

    /** The container's hostname, or null when absent. */
    public String hostname() {
        return OciFields.string(node, "hostname", WHERE);
    }

    /** The mounts, in order; unmodifiable, empty when absent. */
    public List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        for (ObjectNode m : OciFields.objects(node, "mounts", WHERE)) {
            out.add(Mount.read(m, "mounts"));
        }
        return List.copyOf(out);
    }

    /** The annotations; unmodifiable, in document order, empty when absent. */
    public Map<String, String> annotations() {
        return OciFields.stringMap(node, "annotations", WHERE);
    }

    /** The Linux-specific settings, or null when absent. */
    public Linux linux() {
        ObjectNode l = OciFields.object(node, "linux", WHERE);
        return l == null ? null : new Linux(l);
    }

    private static String cgroupsPath(String namespace, String containerId) {
        // filepath.Join("/", ns, id): empty parts vanish.
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {namespace, containerId}) {
            if (!part.isEmpty()) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** Checks the known fields, with the Go types runc unmarshals them into. */
    private static void validate(ObjectNode n) {
        OciFields.string(n, "ociVersion", WHERE);
        ObjectNode process = OciFields.object(n, "process", WHERE);
        if (process != null) {
            ProcessSpec.validate(process, "process");
        }
        ObjectNode root = OciFields.object(n, "root", WHERE);
        if (root != null) {
            Root.read(root, "root");
        }
        OciFields.string(n, "hostname", WHERE);
        OciFields.string(n, "domainname", WHERE);
        int i = 0;
        for (ObjectNode m : OciFields.objects(n, "mounts", WHERE)) {
            Mount.read(m, "mounts[" + i++ + "]");
        }
        OciFields.object(n, "hooks", WHERE);
        OciFields.stringMap(n, "annotations", WHERE);
        ObjectNode linux = OciFields.object(n, "linux", WHERE);
        if (linux != null) {
            Linux.validate(linux, "linux");
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Spec && node.equals(((Spec) o).node));
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

    /**
     * Builds a {@link Spec}. Each setter writes its field, creating {@code process}, {@code
     * root} or {@code linux} when missing, and leaves every other field, known or not, as it
     * was; setters that take an object, string or list remove the field when given null. Not
     * thread-safe.
     */
    public static final class Builder {
        private final ObjectNode node;

        private Builder(ObjectNode node) {
            this.node = node;
        }

        /** Sets {@code ociVersion}; null removes it. */
        public Builder ociVersion(String version) {
            OciJson.putOrRemove(node, "ociVersion", OciJson.text(version));
            return this;
        }

        /** Replaces the whole {@code process}; null removes it. */
        public Builder process(ProcessSpec process) {
            OciJson.putOrRemove(node, "process",
                    process == null ? null : process.node().deepCopy());
            return this;
        }

        /** Sets {@code process.args}, the command and its arguments; null removes them. */
        public Builder args(List<String> args) {
            processBuilder().args(args);
            return this;
        }

        /** Sets {@code process.args}, the command and its arguments. */
        public Builder args(String... args) {
            processBuilder().args(args);
            return this;
        }

        /** Replaces {@code process.env}; null removes it. */
        public Builder env(List<String> env) {
            processBuilder().env(env);
            return this;
        }

        /** Sets one variable of {@code process.env}, as {@link ProcessSpec.Builder#addEnv}. */
        public Builder addEnv(String entry) {
            processBuilder().addEnv(entry);
            return this;
        }

        /** Sets {@code process.cwd}; null removes it. */
        public Builder cwd(String cwd) {
            processBuilder().cwd(cwd);
            return this;
        }

        /** Sets {@code process.user.uid} and {@code gid}. */
        public Builder user(long uid, long gid) {
            processBuilder().user(uid, gid);
            return this;
        }

        /** Sets {@code process.terminal}. */
        public Builder terminal(boolean terminal) {
            processBuilder().terminal(terminal);
            return this;
        }

        /** Sets {@code root.path}, keeping {@code root}'s other fields; null removes it. */
        public Builder rootPath(String path) {
            OciJson.putOrRemove(OciJson.child(node, "root"), "path", OciJson.text(path));
            return this;
        }

        /** Sets {@code root.path} to {@code path} as given (absolute or bundle-relative). */
        public Builder rootPath(Path path) {
            return rootPath(OciJson.requireNonNull(path, "root path").toString());
        }

        /** Sets {@code root.readonly}. */
        public Builder rootReadonly(boolean readonly) {
            OciJson.child(node, "root").set("readonly", BooleanNode.valueOf(readonly));
            return this;
        }

        /** Sets {@code hostname}; null removes it. */
        public Builder hostname(String hostname) {
            OciJson.putOrRemove(node, "hostname", OciJson.text(hostname));
            return this;
        }

        /**
         * Replaces all mounts; null removes them. Entries are written from the {@link Mount}
         * values, so fields of the old entries that {@code Mount} does not model are dropped:
         * prefer {@link #addMount} and {@link #removeMount} to edit a spec read from JSON.
         */
        public Builder mounts(List<Mount> mounts) {
            ArrayNode array = null;
            if (mounts != null) {
                array = OciJson.newArray();
                for (Mount m : mounts) {
                    array.add(OciJson.requireElement(m, "mounts").toNode());
                }
            }
            OciJson.putOrRemove(node, "mounts", array);
            return this;
        }

        /**
         * Appends a mount after the existing ones. runc mounts in order, so a mount whose
         * destination is inside an earlier one (such as {@code /dev/shm} in {@code /dev}) must
         * come later; to replace a default, {@link #removeMount} it first.
         */
        public Builder addMount(Mount mount) {
            mountsArray().add(OciJson.requireNonNull(mount, "mount").toNode());
            return this;
        }

        /** Removes every mount whose destination is {@code destination}; the others are kept whole. */
        public Builder removeMount(String destination) {
            OciJson.requireNonNull(destination, "destination");
            ArrayNode mounts = mountsArray();
            for (int i = mounts.size() - 1; i >= 0; i--) {
                JsonNode dest = mounts.get(i).get("destination");
                if (dest != null && destination.equals(dest.asText())) {
                    mounts.remove(i);
                }
            }
            return this;
        }

        /** Replaces the annotations; null removes them. */
        public Builder annotations(Map<String, String> annotations) {
            OciJson.putOrRemove(node, "annotations",
                    annotations == null ? null : OciJson.stringMap(annotations, "annotations"));
            return this;
        }

        /** Sets one annotation, keeping the others. */
        public Builder annotation(String key, String value) {
            OciJson.child(node, "annotations").put(OciJson.requireNonNull(key, "annotation key"),
                    OciJson.requireNonNull(value, "annotation value"));
            return this;
        }

        /** Sets {@code linux.cgroupsPath}; null removes it. */
        public Builder cgroupsPath(String cgroupsPath) {
            OciJson.putOrRemove(linux(), "cgroupsPath", OciJson.text(cgroupsPath));
            return this;
        }

        /**
         * Replaces {@code linux.resources} as a whole; null removes it. Beware that this drops
         * the default device rule of {@link #linuxDefaults()} unless {@code resources} has one;
         * {@link #mergeResources} adds limits and keeps it.
         */
        public Builder resources(LinuxResources resources) {
            OciJson.putOrRemove(linux(), "resources",
                    resources == null ? null : resources.node().deepCopy());
            return this;
        }

        /**
         * Writes every field {@code resources} has into {@code linux.resources}, object by
         * object ({@code memory.limit} replaces only that field); fields it lacks are kept.
         */
        public Builder mergeResources(LinuxResources resources) {
            OciJson.requireNonNull(resources, "resources");
            OciJson.deepMerge(OciJson.child(linux(), "resources"), resources.node());
            return this;
        }

        /** Replaces {@code linux.namespaces}; null removes them. */
        public Builder namespaces(List<LinuxNamespace> namespaces) {
            ArrayNode array = null;
            if (namespaces != null) {
                array = OciJson.newArray();
                for (LinuxNamespace ns : namespaces) {
                    array.add(OciJson.requireElement(ns, "namespaces").toNode());
                }
            }
            OciJson.putOrRemove(linux(), "namespaces", array);
            return this;
        }

        /**
         * Adds a namespace, replacing an entry of the same type (to join a namespace instead
         * of creating one, give it a path).
         */
        public Builder addNamespace(LinuxNamespace namespace) {
            OciJson.requireNonNull(namespace, "namespace");
            ArrayNode array = namespacesArray();
            for (int i = 0; i < array.size(); i++) {
                JsonNode type = array.get(i).get("type");
                if (type != null && namespace.type().equals(type.asText())) {
                    array.set(i, namespace.toNode());
                    return this;
                }
            }
            array.add(namespace.toNode());
            return this;
        }

        /** Removes the namespace entries of {@code type}: the container shares the host's. */
        public Builder removeNamespace(String type) {
            OciJson.requireNonNull(type, "namespace type");
            ArrayNode array = namespacesArray();
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode t = array.get(i).get("type");
                if (t != null && type.equals(t.asText())) {
                    array.remove(i);
                }
            }
            return this;
        }

        /** Sets {@code linux.uidMappings} (for a user namespace); null removes them. */
        public Builder uidMappings(List<LinuxIdMapping> mappings) {
            return mappings("uidMappings", mappings);
        }

        /** Sets {@code linux.gidMappings} (for a user namespace); null removes them. */
        public Builder gidMappings(List<LinuxIdMapping> mappings) {
            return mappings("gidMappings", mappings);
        }

        /** Builds the immutable spec; the builder may be used on afterwards. */
        public Spec build() {
            ObjectNode copy = node.deepCopy();
            validate(copy);
            return new Spec(copy);
        }

        private Builder mappings(String field, List<LinuxIdMapping> mappings) {
            ArrayNode array = null;
            if (mappings != null) {
                array = OciJson.newArray();
                for (LinuxIdMapping m : mappings) {
                    array.add(OciJson.requireElement(m, field).toNode());
                }
            }
            OciJson.putOrRemove(linux(), field, array);
            return this;
        }

        private ProcessSpec.Builder processBuilder() {
            return new ProcessSpec.Builder(OciJson.child(node, "process"));
        }

        private ObjectNode linux() {
            return OciJson.child(node, "linux");
        }

        private ArrayNode mountsArray() {
            return array(node, "mounts");
        }

        private ArrayNode namespacesArray() {
            return array(linux(), "namespaces");
        }

        private static ArrayNode array(ObjectNode parent, String field) {
            JsonNode existing = parent.get(field);
            return existing instanceof ArrayNode ? (ArrayNode) existing : parent.putArray(field);
        }
    }
}
