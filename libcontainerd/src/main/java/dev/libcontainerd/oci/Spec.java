package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
    static final Field<String> OCI_VERSION = Field.of("ociVersion", Kind.STRING);
    static final Field<ProcessSpec> PROCESS = Field.of("process", ProcessSpec.KIND);
    static final Field<Root> ROOT = Field.of("root", Root.KIND);
    static final Field<String> HOSTNAME = Field.of("hostname", Kind.STRING);
    static final Field<String> DOMAINNAME = Field.of("domainname", Kind.STRING);
    static final Field<List<Mount>> MOUNTS = Field.of("mounts", Kind.list(Mount.KIND));
    static final Field<ObjectNode> HOOKS = Field.of("hooks", Kind.OBJECT);
    static final Field<Map<String, String>> ANNOTATIONS = Field.of("annotations", Kind.STRING_MAP);
    static final Field<Linux> LINUX = Field.of("linux", Linux.KIND);

    /** The known fields, checked with the Go types runc unmarshals them into. */
    static final Schema SCHEMA =
            Schema.of(OCI_VERSION, PROCESS, ROOT, HOSTNAME, DOMAINNAME, MOUNTS, HOOKS, ANNOTATIONS, LINUX);

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
        SCHEMA.validate(node, "");
        return new Spec(node);
    }

    /** A builder for an empty spec; most callers want {@link #linuxDefaults()} instead. */
    public static Builder builder() {
        return new Builder(OciJson.newObject());
    }

    /** The annotation by which containerd's runc shim v2 groups containers into one shim. */
    public static final String SHIM_GROUP_ANNOTATION = "io.containerd.runc.v2.group";

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
        return LinuxDefaults.builder(null);
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
        return LinuxDefaults.builder(LinuxDefaults.cgroupsPath(namespace, containerId));
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
        return OCI_VERSION.get(node);
    }

    /** The container's init process, or null when absent. */
    public ProcessSpec process() {
        return PROCESS.get(node);
    }

    /** The root filesystem, or null when absent. */
    public Root root() {
        return ROOT.get(node);
    }

    /** The container's hostname, or null when absent. */
    public String hostname() {
        return HOSTNAME.get(node);
    }

    /** The mounts, in order; unmodifiable, empty when absent. */
    public List<Mount> mounts() {
        return MOUNTS.getOr(node, List.of());
    }

    /** The annotations; unmodifiable, in document order, empty when absent. */
    public Map<String, String> annotations() {
        return ANNOTATIONS.getOr(node, Map.of());
    }

    /** The Linux-specific settings, or null when absent. */
    public Linux linux() {
        return LINUX.get(node);
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
        // The fields of root and linux as seen from the spec; Root and Linux declare them.
        private static final Field<String> ROOT_PATH = Root.PATH.under("root");
        private static final Field<Boolean> ROOT_READONLY = Root.READONLY.under("root");
        private static final Field<LinuxResources> RESOURCES = Linux.RESOURCES.under("linux");
        private static final Field<String> CGROUPS_PATH = Linux.CGROUPS_PATH.under("linux");
        private static final Field<List<LinuxNamespace>> NAMESPACES = Linux.NAMESPACES.under("linux");
        private static final Field<List<LinuxIdMapping>> UID_MAPPINGS = Linux.UID_MAPPINGS.under("linux");
        private static final Field<List<LinuxIdMapping>> GID_MAPPINGS = Linux.GID_MAPPINGS.under("linux");
        private static final Field<List<String>> MASKED_PATHS = Linux.MASKED_PATHS.under("linux");
        private static final Field<List<String>> READONLY_PATHS = Linux.READONLY_PATHS.under("linux");

        private final ObjectNode node;

        private Builder(ObjectNode node) {
            this.node = node;
        }

        /** Sets {@code ociVersion}; null removes it. */
        public Builder ociVersion(String version) {
            return set(OCI_VERSION, version);
        }

        /** Replaces the whole {@code process}; null removes it. */
        public Builder process(ProcessSpec process) {
            return set(PROCESS, process);
        }

        /**
         * Edits {@code process} in place (creating it when missing) with every setter of {@link
         * ProcessSpec.Builder}, keeping the fields {@code edit} does not touch:
         * <pre>{@code
         * Spec.linuxDefaults(ns, id).editProcess(p -> p.args("sh").consoleSize(size).oomScoreAdj(500))
         * }</pre>
         * The {@code ProcessSpec.Builder} handed to {@code edit} is valid only during the call.
         */
        public Builder editProcess(Consumer<ProcessSpec.Builder> edit) {
            OciJson.requireNonNull(edit, "edit").accept(new ProcessSpec.Builder(PROCESS.objectIn(node)));
            return this;
        }

        /** Sets {@code process.args}, the command and its arguments; null removes them. */
        public Builder args(List<String> args) {
            return editProcess(p -> p.args(args));
        }

        /** Sets {@code process.args}, the command and its arguments. */
        public Builder args(String... args) {
            return editProcess(p -> p.args(args));
        }

        /** Replaces {@code process.env}; null removes it. */
        public Builder env(List<String> env) {
            return editProcess(p -> p.env(env));
        }

        /** Sets one variable of {@code process.env}, as {@link ProcessSpec.Builder#addEnv}. */
        public Builder addEnv(String entry) {
            return editProcess(p -> p.addEnv(entry));
        }

        /** Sets a variable of {@code process.env} unless it is set, as {@link ProcessSpec.Builder#addDefaultEnv}. */
        public Builder addDefaultEnv(String entry) {
            return editProcess(p -> p.addDefaultEnv(entry));
        }

        /** Sets {@code process.cwd}; null removes it. */
        public Builder cwd(String cwd) {
            return editProcess(p -> p.cwd(cwd));
        }

        /** Sets {@code process.user.uid} and {@code gid}. */
        public Builder user(long uid, long gid) {
            return editProcess(p -> p.user(uid, gid));
        }

        /** Sets {@code process.terminal}. */
        public Builder terminal(boolean terminal) {
            return editProcess(p -> p.terminal(terminal));
        }

        /** Sets {@code root.path}, keeping {@code root}'s other fields; null removes it. */
        public Builder rootPath(String path) {
            return set(ROOT_PATH, path);
        }

        /** Sets {@code root.path} to {@code path} as given (absolute or bundle-relative). */
        public Builder rootPath(Path path) {
            return rootPath(OciJson.requireNonNull(path, "root path").toString());
        }

        /** Sets {@code root.readonly}. */
        public Builder rootReadonly(boolean readonly) {
            return set(ROOT_READONLY, readonly);
        }

        /** Sets {@code hostname}; null removes it. */
        public Builder hostname(String hostname) {
            return set(HOSTNAME, hostname);
        }

        /**
         * Replaces all mounts; null removes them. Entries are written from the {@link Mount}
         * values, so fields of the old entries that {@code Mount} does not model are dropped:
         * prefer {@link #addMount} and {@link #removeMount} to edit a spec read from JSON.
         */
        public Builder mounts(List<Mount> mounts) {
            return set(MOUNTS, mounts);
        }

        /**
         * Appends a mount after the existing ones. runc mounts in order, so a mount whose
         * destination is inside an earlier one (such as {@code /dev/shm} in {@code /dev}) must
         * come later; to replace a default, {@link #removeMount} it first.
         */
        public Builder addMount(Mount mount) {
            OciJson.requireNonNull(mount, "mount");
            MOUNTS.arrayIn(node).add(Mount.KIND.write(mount, "mounts"));
            return this;
        }

        /** Removes every mount whose destination is {@code destination}; the others are kept whole. */
        public Builder removeMount(String destination) {
            OciJson.requireNonNull(destination, "destination");
            removeWhere(MOUNTS.arrayIn(node), m -> destination.equals(Mount.DESTINATION.getIn(m)));
            return this;
        }

        /** Replaces the annotations; null removes them. */
        public Builder annotations(Map<String, String> annotations) {
            return set(ANNOTATIONS, annotations);
        }

        /** Sets one annotation, keeping the others. */
        public Builder annotation(String key, String value) {
            ANNOTATIONS
                    .objectIn(node)
                    .put(
                            OciJson.requireNonNull(key, "annotation key"),
                            OciJson.requireNonNull(value, "annotation value"));
            return this;
        }

        /**
         * Has containerd's runc shim serve this container from one shim process shared with every
         * container of the same {@code group} (the annotation {@value #SHIM_GROUP_ANNOTATION}, how
         * Kubernetes' CRI groups a pod). It saves a shim's start and memory per container. The
         * trade: one shim crash (or kill) takes every container of the group with it, and the
         * shim lives until the group's last container is deleted.
         */
        public Builder shimGroup(String group) {
            return annotation(SHIM_GROUP_ANNOTATION, group);
        }

        /** Sets {@code linux.cgroupsPath}; null removes it. */
        public Builder cgroupsPath(String cgroupsPath) {
            return set(CGROUPS_PATH, cgroupsPath);
        }

        /**
         * Replaces {@code linux.resources} as a whole; null removes it. Beware that this drops
         * the default device rule of {@link #linuxDefaults()} unless {@code resources} has one;
         * {@link #mergeResources} adds limits and keeps it.
         */
        public Builder resources(LinuxResources resources) {
            return set(RESOURCES, resources);
        }

        /**
         * Writes every field {@code resources} has into {@code linux.resources}, object by
         * object ({@code memory.limit} replaces only that field); fields it lacks are kept.
         */
        public Builder mergeResources(LinuxResources resources) {
            OciJson.requireNonNull(resources, "resources");
            OciJson.deepMerge(RESOURCES.objectIn(node), resources.node());
            return this;
        }

        /** Replaces {@code linux.namespaces}; null removes them. */
        public Builder namespaces(List<LinuxNamespace> namespaces) {
            return set(NAMESPACES, namespaces);
        }

        /**
         * Adds a namespace, replacing an entry of the same type (to join a namespace instead
         * of creating one, give it a path).
         */
        public Builder addNamespace(LinuxNamespace namespace) {
            OciJson.requireNonNull(namespace, "namespace");
            ArrayNode array = NAMESPACES.arrayIn(node);
            JsonNode entry = LinuxNamespace.KIND.write(namespace, "namespaces");
            for (int i = 0; i < array.size(); i++) {
                if (namespace.type().equals(LinuxNamespace.TYPE.getIn(array.get(i)))) {
                    array.set(i, entry);
                    return this;
                }
            }
            array.add(entry);
            return this;
        }

        /** Removes the namespace entries of {@code type}: the container shares the host's. */
        public Builder removeNamespace(String type) {
            OciJson.requireNonNull(type, "namespace type");
            removeWhere(NAMESPACES.arrayIn(node), n -> type.equals(LinuxNamespace.TYPE.getIn(n)));
            return this;
        }

        /** Sets {@code linux.uidMappings} (for a user namespace); null removes them. */
        public Builder uidMappings(List<LinuxIdMapping> mappings) {
            return set(UID_MAPPINGS, mappings);
        }

        /** Sets {@code linux.gidMappings} (for a user namespace); null removes them. */
        public Builder gidMappings(List<LinuxIdMapping> mappings) {
            return set(GID_MAPPINGS, mappings);
        }

        /** Sets {@code linux.maskedPaths}, paths made inaccessible in the container; null removes them. */
        public Builder maskedPaths(List<String> paths) {
            return set(MASKED_PATHS, paths);
        }

        /** Sets {@code linux.readonlyPaths}, paths made read-only in the container; null removes them. */
        public Builder readonlyPaths(List<String> paths) {
            return set(READONLY_PATHS, paths);
        }

        /** Builds the immutable spec; the builder may be used on afterwards. */
        public Spec build() {
            ObjectNode copy = node.deepCopy();
            SCHEMA.validate(copy, "");
            return new Spec(copy);
        }

        private <T> Builder set(Field<T> field, T value) {
            field.set(node, value);
            return this;
        }

        private static void removeWhere(ArrayNode array, Predicate<JsonNode> match) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (match.test(array.get(i))) {
                    array.remove(i);
                }
            }
        }
    }
}
