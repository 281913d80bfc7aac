package dev.libcontainerd.oci;

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

    static final Field<Boolean> TERMINAL = Field.of("terminal", Kind.BOOL);
    static final Field<ConsoleSize> CONSOLE_SIZE = Field.of("consoleSize", ConsoleSize.KIND);
    static final Field<Long> UID = Field.of("user.uid", Kind.UINT32);
    static final Field<Long> GID = Field.of("user.gid", Kind.UINT32);
    static final Field<Long> UMASK = Field.of("user.umask", Kind.UINT32);
    static final Field<List<Long>> ADDITIONAL_GIDS = Field.of("user.additionalGids", Kind.UINT32S);
    static final Field<String> USERNAME = Field.of("user.username", Kind.STRING);
    static final Field<List<String>> ARGS = Field.of("args", Kind.STRINGS);
    static final Field<String> COMMAND_LINE = Field.of("commandLine", Kind.STRING);
    static final Field<List<String>> ENV = Field.of("env", Kind.STRINGS);
    static final Field<String> CWD = Field.of("cwd", Kind.STRING);
    static final Field<Capabilities> CAPABILITIES = Field.of("capabilities", Capabilities.KIND);
    static final Field<List<Rlimit>> RLIMITS = Field.of("rlimits", Kind.list(Rlimit.KIND));
    static final Field<Boolean> NO_NEW_PRIVILEGES = Field.of("noNewPrivileges", Kind.BOOL);
    static final Field<String> APPARMOR_PROFILE = Field.of("apparmorProfile", Kind.STRING);
    static final Field<Integer> OOM_SCORE_ADJ = Field.of("oomScoreAdj", Kind.INT32);
    static final Field<String> SELINUX_LABEL = Field.of("selinuxLabel", Kind.STRING);

    /** The known fields, checked with the Go types runc unmarshals them into. */
    static final Schema SCHEMA = Schema.of(
            TERMINAL,
            CONSOLE_SIZE,
            UID,
            GID,
            UMASK,
            ADDITIONAL_GIDS,
            USERNAME,
            ARGS,
            COMMAND_LINE,
            ENV,
            CWD,
            CAPABILITIES,
            RLIMITS,
            NO_NEW_PRIVILEGES,
            APPARMOR_PROFILE,
            OOM_SCORE_ADJ,
            SELINUX_LABEL);

    /** The {@code process} member of a spec, read as this type. */
    static final Kind<ProcessSpec> KIND = Kind.object(SCHEMA, ProcessSpec::new, p -> p.node.deepCopy());

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
        SCHEMA.validate(node, WHERE);
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
        return TERMINAL.getOr(node, false);
    }

    /** The terminal's initial size, or null when absent. */
    public ConsoleSize consoleSize() {
        return CONSOLE_SIZE.get(node);
    }

    /** The user id the process runs as ({@code user.uid}); 0 when absent. */
    public long uid() {
        return UID.getOr(node, 0L);
    }

    /** The group id the process runs as ({@code user.gid}); 0 when absent. */
    public long gid() {
        return GID.getOr(node, 0L);
    }

    /** Supplementary group ids ({@code user.additionalGids}); unmodifiable, empty when absent. */
    public List<Long> additionalGids() {
        return ADDITIONAL_GIDS.getOr(node, List.of());
    }

    /** The command and its arguments; unmodifiable, empty when absent. */
    public List<String> args() {
        return ARGS.getOr(node, List.of());
    }

    /** The environment, as {@code NAME=value} entries; unmodifiable, empty when absent. */
    public List<String> env() {
        return ENV.getOr(node, List.of());
    }

    /** The working directory, an absolute path inside the container, or null when absent. */
    public String cwd() {
        return CWD.get(node);
    }

    /** The capability sets, or null when absent. */
    public Capabilities capabilities() {
        return CAPABILITIES.get(node);
    }

    /** The resource limits; unmodifiable, empty when absent. */
    public List<Rlimit> rlimits() {
        return RLIMITS.getOr(node, List.of());
    }

    /** Whether the process may not gain privileges (setuid binaries …); false when absent. */
    public boolean noNewPrivileges() {
        return NO_NEW_PRIVILEGES.getOr(node, false);
    }

    /** The AppArmor profile, or null when absent. */
    public String apparmorProfile() {
        return APPARMOR_PROFILE.get(node);
    }

    /** The SELinux label, or null when absent. */
    public String selinuxLabel() {
        return SELINUX_LABEL.get(node);
    }

    /** The OOM killer score adjustment, or empty when absent. */
    public OptionalInt oomScoreAdj() {
        Integer v = OOM_SCORE_ADJ.get(node);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
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
            return set(TERMINAL, terminal);
        }

        /** Sets the terminal's initial size; null removes it. */
        public Builder consoleSize(ConsoleSize size) {
            return set(CONSOLE_SIZE, size);
        }

        /**
         * Sets {@code user.uid} and {@code user.gid}, keeping the user's other fields.
         *
         * @throws InvalidParameterException if an id is out of the uint32 range
         */
        public Builder user(long uid, long gid) {
            return set(UID, uid).set(GID, gid);
        }

        /**
         * Sets {@code user.additionalGids}; null removes them.
         *
         * @throws InvalidParameterException if a gid is null or out of the uint32 range
         */
        public Builder additionalGids(List<Long> gids) {
            return set(ADDITIONAL_GIDS, gids);
        }

        /** Sets the command and its arguments; null removes them. */
        public Builder args(List<String> args) {
            return set(ARGS, args);
        }

        /** Sets the command and its arguments. */
        public Builder args(String... args) {
            return args(Arrays.asList(OciJson.requireNonNull(args, "args")));
        }

        /** Replaces the environment ({@code NAME=value} entries); null removes it. */
        public Builder env(List<String> env) {
            return set(ENV, env);
        }

        /**
         * Sets one environment variable. As containerd's {@code WithEnv} does, an entry with the
         * same name (the part before the first {@code =}) is replaced in place; otherwise the
         * entry is appended.
         *
         * @param entry a {@code NAME=value} entry
         */
        public Builder addEnv(String entry) {
            return addEnv(entry, true);
        }

        /**
         * Sets one environment variable unless the environment already has one of that name, as
         * Docker adds {@code HOME} or {@code TERM} only where the image or user gave none.
         *
         * @param entry a {@code NAME=value} entry
         */
        public Builder addDefaultEnv(String entry) {
            return addEnv(entry, false);
        }

        /** Sets the working directory; null removes it. */
        public Builder cwd(String cwd) {
            return set(CWD, cwd);
        }

        /** Replaces the capability sets; null removes them. */
        public Builder capabilities(Capabilities capabilities) {
            return set(CAPABILITIES, capabilities);
        }

        /** Replaces the resource limits; null removes them. */
        public Builder rlimits(List<Rlimit> rlimits) {
            return set(RLIMITS, rlimits);
        }

        /** Sets whether the process may not gain privileges. */
        public Builder noNewPrivileges(boolean noNewPrivileges) {
            return set(NO_NEW_PRIVILEGES, noNewPrivileges);
        }

        /** Sets the AppArmor profile; null removes it. */
        public Builder apparmorProfile(String profile) {
            return set(APPARMOR_PROFILE, profile);
        }

        /** Sets the SELinux label; null removes it. */
        public Builder selinuxLabel(String label) {
            return set(SELINUX_LABEL, label);
        }

        /** Sets the OOM killer score adjustment (-1000 to 1000). */
        public Builder oomScoreAdj(int adj) {
            return set(OOM_SCORE_ADJ, adj);
        }

        /** Builds the immutable process; the builder may be used on afterwards. */
        public ProcessSpec build() {
            ObjectNode copy = node.deepCopy();
            SCHEMA.validate(copy, WHERE);
            return new ProcessSpec(copy);
        }

        private <T> Builder set(Field<T> field, T value) {
            field.set(node, value);
            return this;
        }

        private Builder addEnv(String entry, boolean replace) {
            OciJson.requireNonNull(entry, "env entry");
            String name = envName(entry);
            List<String> env = new ArrayList<>(ENV.getOr(node, List.of()));
            for (int i = 0; i < env.size(); i++) {
                if (envName(env.get(i)).equals(name)) {
                    if (replace) {
                        env.set(i, entry);
                    }
                    return env(env);
                }
            }
            env.add(entry);
            return env(env);
        }

        private static String envName(String entry) {
            int eq = entry.indexOf('=');
            return eq < 0 ? entry : entry.substring(0, eq);
        }
    }
}
