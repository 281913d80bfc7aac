package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The OCI {@code process} object: what a container's init process, or an exec, runs and as
 * whom.
 *
 * <p>Immutable and thread-safe. It holds the JSON object it was read from, so fields it has no
 * accessor for (scheduler, I/O priority, fields of newer spec versions …) are written back by
 * {@link #toJson()} unchanged. Equality is equality of that JSON content.
 */
public final class ProcessSpec {
    private static final String WHERE = "process";

    private final ObjectNode node;

    /** Wraps a tree that is already validated and that nobody will change. */
    ProcessSpec(ObjectNode node) {
        this.node = node;
    }

    /**
     * Reads a {@code process} object.
     *
     * @throws InvalidParameterException if {@code json} is null, malformed, not an object, or a
     *     known field has the wrong JSON type or range
     */
    public static ProcessSpec fromJson(String json) {
        ObjectNode node = OciJson.parseObject(json, "OCI process");
        validate(node, WHERE);
        return new ProcessSpec(node);
    }

    /** A builder for an empty process; runc needs at least {@code args} and {@code cwd}. */
    public static Builder builder() {
        return new Builder(OciJson.newObject());
    }

    /**
     * A builder that starts from the process of {@code spec}, or from an empty process when the
     * spec has none.
     *
     * <p>This is how an exec is usually described: it inherits the container's user, {@code
     * env}, {@code cwd}, capabilities, rlimits and security labels, and the caller replaces
     * {@code args} (and {@code terminal} as needed), as Docker does for {@code docker exec}:
     * <pre>{@code
     * ProcessSpec exec = ProcessSpec.builderFrom(spec).args("sh", "-c", "ls").terminal(false).build();
     * }</pre>
     * Note that {@code consoleSize} is inherited as well; clear it with {@code consoleSize(null)}
     * when the exec has no terminal.
     *
     * @throws InvalidParameterException if {@code spec} is null
     */
    public static Builder builderFrom(Spec spec) {
        OciJson.requireNonNull(spec, "spec");
        ProcessSpec process = spec.process();
        return process == null ? builder() : process.toBuilder();
    }

    /** A builder that starts from this process, unknown fields included. */
    public Builder toBuilder() {
        return new Builder(node.deepCopy());
    }

    /** The process as compact JSON, every field it was read with included. */
    public String toJson() {
        return OciJson.write(node);
    }

    /** Whether the process gets a pseudo-terminal; false when absent. */
    public boolean terminal() {
        return Boolean.TRUE.equals(OciFields.bool(node, "terminal", WHERE));
    }

    /** The terminal's initial size, or null when absent. */
    public ConsoleSize consoleSize() {
        ObjectNode n = OciFields.object(node, "consoleSize", WHERE);
        return n == null ? null : ConsoleSize.read(n, WHERE + ".consoleSize");
    }

    /** The user id the process runs as ({@code user.uid}); 0 when absent. */
    public long uid() {
        Long v = OciFields.uint32(user(), "uid", WHERE + ".user");
        return v == null ? 0 : v;
    }

    /** The group id the process runs as ({@code user.gid}); 0 when absent. */
    public long gid() {
        Long v = OciFields.uint32(user(), "gid", WHERE + ".user");
        return v == null ? 0 : v;
    }

    /** Supplementary group ids ({@code user.additionalGids}); unmodifiable, empty when absent. */
    public List<Long> additionalGids() {
        return OciFields.uint32s(user(), "additionalGids", WHERE + ".user");
    }

    /** The command and its arguments; unmodifiable, empty when absent. */
    public List<String> args() {
        return OciFields.strings(node, "args", WHERE);
    }

    /** The environment, as {@code NAME=value} entries; unmodifiable, empty when absent. */
    public List<String> env() {
        return OciFields.strings(node, "env", WHERE);
    }

    /** The working directory, an absolute path inside the container, or null when absent. */
    public String cwd() {
        return OciFields.string(node, "cwd", WHERE);
    }

    /** The capability sets, or null when absent. */
    public Capabilities capabilities() {
        ObjectNode n = OciFields.object(node, "capabilities", WHERE);
        return n == null ? null : Capabilities.read(n, WHERE + ".capabilities");
    }

    /** The resource limits; unmodifiable, empty when absent. */
    public List<Rlimit> rlimits() {
        List<Rlimit> out = new ArrayList<>();
        for (ObjectNode r : OciFields.objects(node, "rlimits", WHERE)) {
            out.add(Rlimit.read(r, WHERE + ".rlimits"));
        }
        return List.copyOf(out);
    }

    /** Whether the process may not gain privileges (setuid binaries …); false when absent. */
    public boolean noNewPrivileges() {
        return Boolean.TRUE.equals(OciFields.bool(node, "noNewPrivileges", WHERE));
    }

    /** The AppArmor profile, or null when absent. */
    public String apparmorProfile() {
        return OciFields.string(node, "apparmorProfile", WHERE);
    }

    /** The SELinux label, or null when absent. */
    public String selinuxLabel() {
        return OciFields.string(node, "selinuxLabel", WHERE);
    }

    /** The OOM killer score adjustment, or empty when absent. */
    public OptionalInt oomScoreAdj() {
        Integer v = OciFields.int32(node, "oomScoreAdj", WHERE);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** The JSON tree; callers must copy it before changing anything. */
    ObjectNode node() {
        return node;
    }

    private ObjectNode user() {
        ObjectNode u = OciFields.object(node, "user", WHERE);
        return u == null ? OciJson.newObject() : u;
    }

    /** Checks the known fields, with the Go types runc unmarshals them into. */
    static void validate(ObjectNode n, String where) {
        OciFields.bool(n, "terminal", where);
        ObjectNode consoleSize = OciFields.object(n, "consoleSize", where);
        if (consoleSize != null) {
            ConsoleSize.read(consoleSize, OciFields.path(where, "consoleSize"));
        }
        ObjectNode user = OciFields.object(n, "user", where);
        if (user != null) {
            String at = OciFields.path(where, "user");
            OciFields.uint32(user, "uid", at);
            OciFields.uint32(user, "gid", at);
            OciFields.uint32(user, "umask", at);
            OciFields.uint32s(user, "additionalGids", at);
            OciFields.string(user, "username", at);
        }
        OciFields.strings(n, "args", where);
        OciFields.string(n, "commandLine", where);
        OciFields.strings(n, "env", where);
        OciFields.string(n, "cwd", where);
        ObjectNode caps = OciFields.object(n, "capabilities", where);
        if (caps != null) {
            Capabilities.read(caps, OciFields.path(where, "capabilities"));
        }
        int i = 0;
        for (ObjectNode r : OciFields.objects(n, "rlimits", where)) {
            Rlimit.read(r, OciFields.path(where, "rlimits") + "[" + i++ + "]");
        }
        OciFields.bool(n, "noNewPrivileges", where);
        OciFields.string(n, "apparmorProfile", where);
        OciFields.int32(n, "oomScoreAdj", where);
        OciFields.string(n, "selinuxLabel", where);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ProcessSpec && node.equals(((ProcessSpec) o).node));
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
     * Builds a {@link ProcessSpec}. Each setter writes its field and leaves every other field,
     * known or not, as it was; setters that take an object or list remove the field when given
     * null. Not thread-safe.
     */
    public static final class Builder {
        private final ObjectNode node;

        /** Edits {@code node} in place; {@link Spec.Builder} uses this on its own process. */
        Builder(ObjectNode node) {
            this.node = node;
        }

        /** Gives the process a pseudo-terminal (its output then comes as one stream). */
        public Builder terminal(boolean terminal) {
            node.set("terminal", BooleanNode.valueOf(terminal));
            return this;
        }

        /** Sets the terminal's initial size; null removes it. */
        public Builder consoleSize(ConsoleSize size) {
            OciJson.putOrRemove(node, "consoleSize", size == null ? null : size.toNode());
            return this;
        }

        /** Sets {@code user.uid} and {@code user.gid}, keeping the user's other fields. */
        public Builder user(long uid, long gid) {
            ObjectNode user = OciJson.child(node, "user");
            user.set("uid", OciJson.signed(uint32(uid, "uid")));
            user.set("gid", OciJson.signed(uint32(gid, "gid")));
            return this;
        }

        /**
         * Sets {@code user.additionalGids}; null removes them.
         *
         * @throws InvalidParameterException if a gid is null or out of the uint32 range
         */
        public Builder additionalGids(List<Long> gids) {
            ArrayNode array = null;
            if (gids != null) {
                array = OciJson.newArray();
                for (Long gid : gids) {
                    array.add(OciJson.signed(uint32(OciJson.requireElement(gid, "gids"), "gid")));
                }
            }
            OciJson.putOrRemove(OciJson.child(node, "user"), "additionalGids", array);
            return this;
        }

        /** Sets the command and its arguments; null removes them. */
        public Builder args(List<String> args) {
            OciJson.putOrRemove(node, "args", args == null ? null : OciJson.strings(args, "args"));
            return this;
        }

        /** Sets the command and its arguments. */
        public Builder args(String... args) {
            return args(Arrays.asList(OciJson.requireNonNull(args, "args")));
        }

        /** Replaces the environment ({@code NAME=value} entries); null removes it. */
        public Builder env(List<String> env) {
            OciJson.putOrRemove(node, "env", env == null ? null : OciJson.strings(env, "env"));
            return this;
        }

        /**
         * Sets one environment variable. As containerd's {@code WithEnv} does, an entry with the
         * same name (the part before the first {@code =}) is replaced in place; otherwise the
         * entry is appended.
         *
         * @param entry a {@code NAME=value} entry
         */
        public Builder addEnv(String entry) {
            OciJson.requireNonNull(entry, "env entry");
            String name = envName(entry);
            List<String> env = new ArrayList<>(OciFields.strings(node, "env", WHERE));
            boolean replaced = false;
            for (int i = 0; i < env.size(); i++) {
                if (envName(env.get(i)).equals(name)) {
                    env.set(i, entry);
                    replaced = true;
                    break;
                }
            }
            if (!replaced) {
                env.add(entry);
            }
            return env(env);
        }

        /** Sets the working directory; null removes it. */
        public Builder cwd(String cwd) {
            OciJson.putOrRemove(node, "cwd", OciJson.text(cwd));
            return this;
        }

        /** Replaces the capability sets; null removes them. */
        public Builder capabilities(Capabilities capabilities) {
            OciJson.putOrRemove(node, "capabilities",
                    capabilities == null ? null : capabilities.toNode());
            return this;
        }

        /** Replaces the resource limits; null removes them. */
        public Builder rlimits(List<Rlimit> rlimits) {
            ArrayNode array = null;
            if (rlimits != null) {
                array = OciJson.newArray();
                for (Rlimit r : rlimits) {
                    array.add(OciJson.requireElement(r, "rlimits").toNode());
                }
            }
            OciJson.putOrRemove(node, "rlimits", array);
            return this;
        }

        /** Sets whether the process may not gain privileges. */
        public Builder noNewPrivileges(boolean noNewPrivileges) {
            node.set("noNewPrivileges", BooleanNode.valueOf(noNewPrivileges));
            return this;
        }

        /** Sets the AppArmor profile; null removes it. */
        public Builder apparmorProfile(String profile) {
            OciJson.putOrRemove(node, "apparmorProfile", OciJson.text(profile));
            return this;
        }

        /** Sets the SELinux label; null removes it. */
        public Builder selinuxLabel(String label) {
            OciJson.putOrRemove(node, "selinuxLabel", OciJson.text(label));
            return this;
        }

        /** Sets the OOM killer score adjustment (-1000 to 1000). */
        public Builder oomScoreAdj(int adj) {
            node.set("oomScoreAdj", OciJson.signed(adj));
            return this;
        }

        /** Builds the immutable process; the builder may be used on afterwards. */
        public ProcessSpec build() {
            ObjectNode copy = node.deepCopy();
            validate(copy, WHERE);
            return new ProcessSpec(copy);
        }

        private static String envName(String entry) {
            int eq = entry.indexOf('=');
            return eq < 0 ? entry : entry.substring(0, eq);
        }

        private static long uint32(long v, String what) {
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new InvalidParameterException(what + " must be in 0..4294967295: " + v);
            }
            return v;
        }
    }
}
