package dev.libcontainerd;

import java.util.Optional;

/**
 * Options for the runc v2 shim ({@code containerd.runc.v1.Options}), given to {@link
 * Client#create} and used again for every task of the container. An immutable value; most
 * callers build it with {@link #builder()}.
 *
 * <p>An absent string option and an empty one are the same (the shim's default), so the
 * constructor turns empty strings into {@link Optional#empty()}, and two options that mean the
 * same are equal.
 *
 * @param binaryName the OCI runtime binary the shim runs (e.g. {@code crun}); empty for {@code
 *     runc}
 * @param root the runtime's state root directory; empty for the shim's default
 * @param systemdCgroup whether cgroups are managed through systemd
 * @param criuPath the CRIU binary used for checkpoint and restore; empty for {@code criu} on the
 *     PATH
 * @param noPivotRoot whether the runtime uses {@code chroot} instead of {@code pivot_root}
 * @param noNewKeyring whether the runtime skips creating a session keyring for the container
 * @param shimCgroup the cgroup the shim itself is placed in; empty to leave it where containerd
 *     runs
 * @param ioUid the uid that owns the process's stdio pipes
 * @param ioGid the gid that owns the process's stdio pipes
 */
public record RuntimeOptions(
        Optional<String> binaryName,
        Optional<String> root,
        boolean systemdCgroup,
        Optional<String> criuPath,
        boolean noPivotRoot,
        boolean noNewKeyring,
        Optional<String> shimCgroup,
        int ioUid,
        int ioGid) {

    /** Normalises the string options: a null Optional or an empty string becomes {@link Optional#empty()}. */
    public RuntimeOptions {
        binaryName = normalise(binaryName);
        root = normalise(root);
        criuPath = normalise(criuPath);
        shimCgroup = normalise(shimCgroup);
    }

    /** A builder with every option at the shim's default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder()
                .binaryName(binaryName.orElse(null))
                .root(root.orElse(null))
                .systemdCgroup(systemdCgroup)
                .criuPath(criuPath.orElse(null))
                .noPivotRoot(noPivotRoot)
                .noNewKeyring(noNewKeyring)
                .shimCgroup(shimCgroup.orElse(null))
                .ioUid(ioUid)
                .ioGid(ioGid);
    }

    // A null Optional can only mean "absent" here, so it is read as such rather than refused.
    private static Optional<String> normalise(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(s -> !s.isEmpty());
    }

    /** Builds {@link RuntimeOptions}. Not thread-safe. */
    public static final class Builder {
        private String binaryName;
        private String root;
        private boolean systemdCgroup;
        private String criuPath;
        private boolean noPivotRoot;
        private boolean noNewKeyring;
        private String shimCgroup;
        private int ioUid;
        private int ioGid;

        private Builder() {}

        /** Sets the OCI runtime binary (e.g. {@code crun}); {@code null} or empty for the default. */
        public Builder binaryName(String binaryName) {
            this.binaryName = binaryName;
            return this;
        }

        /** Sets the runtime's state root directory; {@code null} or empty for the default. */
        public Builder root(String root) {
            this.root = root;
            return this;
        }

        /** Manages cgroups through systemd. */
        public Builder systemdCgroup(boolean systemdCgroup) {
            this.systemdCgroup = systemdCgroup;
            return this;
        }

        /** Sets the CRIU binary; {@code null} or empty for {@code criu} on the PATH. */
        public Builder criuPath(String criuPath) {
            this.criuPath = criuPath;
            return this;
        }

        /** Uses {@code chroot} instead of {@code pivot_root} (needed on a ramdisk root). */
        public Builder noPivotRoot(boolean noPivotRoot) {
            this.noPivotRoot = noPivotRoot;
            return this;
        }

        /** Skips creating a session keyring. */
        public Builder noNewKeyring(boolean noNewKeyring) {
            this.noNewKeyring = noNewKeyring;
            return this;
        }

        /** Places the shim in this cgroup; {@code null} or empty to leave it. */
        public Builder shimCgroup(String shimCgroup) {
            this.shimCgroup = shimCgroup;
            return this;
        }

        /** Sets the owner of the stdio pipes. */
        public Builder ioUid(int ioUid) {
            this.ioUid = ioUid;
            return this;
        }

        /** Sets the group of the stdio pipes. */
        public Builder ioGid(int ioGid) {
            this.ioGid = ioGid;
            return this;
        }

        /** Builds the immutable options; the builder may be used on afterwards. */
        public RuntimeOptions build() {
            return new RuntimeOptions(
                    Optional.ofNullable(binaryName),
                    Optional.ofNullable(root),
                    systemdCgroup,
                    Optional.ofNullable(criuPath),
                    noPivotRoot,
                    noNewKeyring,
                    Optional.ofNullable(shimCgroup),
                    ioUid,
                    ioGid);
        }
    }
}
