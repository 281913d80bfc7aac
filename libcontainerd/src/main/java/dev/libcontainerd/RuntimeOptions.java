package dev.libcontainerd;

import java.util.Objects;
import java.util.Optional;

/**
 * Options for the runc v2 shim ({@code containerd.runc.v1.Options}), given to {@link
 * Client#create} and used again for every task of the container. Immutable; build with {@link
 * #builder()}.
 */
public final class RuntimeOptions {
    private final String binaryName;
    private final String root;
    private final boolean systemdCgroup;
    private final String criuPath;
    private final boolean noPivotRoot;
    private final boolean noNewKeyring;
    private final String shimCgroup;
    private final int ioUid;
    private final int ioGid;

    private RuntimeOptions(Builder b) {
        this.binaryName = b.binaryName;
        this.root = b.root;
        this.systemdCgroup = b.systemdCgroup;
        this.criuPath = b.criuPath;
        this.noPivotRoot = b.noPivotRoot;
        this.noNewKeyring = b.noNewKeyring;
        this.shimCgroup = b.shimCgroup;
        this.ioUid = b.ioUid;
        this.ioGid = b.ioGid;
    }

    /** A builder with every option at the shim's default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.binaryName = binaryName;
        b.root = root;
        b.systemdCgroup = systemdCgroup;
        b.criuPath = criuPath;
        b.noPivotRoot = noPivotRoot;
        b.noNewKeyring = noNewKeyring;
        b.shimCgroup = shimCgroup;
        b.ioUid = ioUid;
        b.ioGid = ioGid;
        return b;
    }

    /** The OCI runtime binary the shim runs (e.g. {@code crun}); empty for {@code runc}. */
    public Optional<String> binaryName() {
        return Optional.ofNullable(binaryName);
    }

    /** The runtime's state root directory; empty for the shim's default. */
    public Optional<String> root() {
        return Optional.ofNullable(root);
    }

    /** Whether cgroups are managed through systemd. */
    public boolean systemdCgroup() {
        return systemdCgroup;
    }

    /** The CRIU binary used for checkpoint and restore; empty for {@code criu} on the PATH. */
    public Optional<String> criuPath() {
        return Optional.ofNullable(criuPath);
    }

    /** Whether the runtime uses {@code chroot} instead of {@code pivot_root}. */
    public boolean noPivotRoot() {
        return noPivotRoot;
    }

    /** Whether the runtime skips creating a session keyring for the container. */
    public boolean noNewKeyring() {
        return noNewKeyring;
    }

    /** The cgroup the shim itself is placed in; empty to leave it where containerd runs. */
    public Optional<String> shimCgroup() {
        return Optional.ofNullable(shimCgroup);
    }

    /** The uid that owns the process's stdio pipes. */
    public int ioUid() {
        return ioUid;
    }

    /** The gid that owns the process's stdio pipes. */
    public int ioGid() {
        return ioGid;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RuntimeOptions)) {
            return false;
        }
        RuntimeOptions r = (RuntimeOptions) o;
        return systemdCgroup == r.systemdCgroup
                && noPivotRoot == r.noPivotRoot
                && noNewKeyring == r.noNewKeyring
                && ioUid == r.ioUid
                && ioGid == r.ioGid
                && Objects.equals(binaryName, r.binaryName)
                && Objects.equals(root, r.root)
                && Objects.equals(criuPath, r.criuPath)
                && Objects.equals(shimCgroup, r.shimCgroup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(binaryName, root, systemdCgroup, criuPath, noPivotRoot, noNewKeyring,
                shimCgroup, ioUid, ioGid);
    }

    @Override
    public String toString() {
        return "RuntimeOptions{binaryName=" + binaryName + ", root=" + root + ", systemdCgroup="
                + systemdCgroup + ", criuPath=" + criuPath + ", noPivotRoot=" + noPivotRoot
                + ", noNewKeyring=" + noNewKeyring + ", shimCgroup=" + shimCgroup + ", ioUid="
                + ioUid + ", ioGid=" + ioGid + "}";
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

        /** Sets the OCI runtime binary (e.g. {@code crun}); {@code null} for the default. */
        public Builder binaryName(String binaryName) {
            this.binaryName = emptyToNull(binaryName);
            return this;
        }

        /** Sets the runtime's state root directory; {@code null} for the default. */
        public Builder root(String root) {
            this.root = emptyToNull(root);
            return this;
        }

        /** Manages cgroups through systemd. */
        public Builder systemdCgroup(boolean systemdCgroup) {
            this.systemdCgroup = systemdCgroup;
            return this;
        }

        /** Sets the CRIU binary; {@code null} for {@code criu} on the PATH. */
        public Builder criuPath(String criuPath) {
            this.criuPath = emptyToNull(criuPath);
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

        /** Places the shim in this cgroup; {@code null} to leave it. */
        public Builder shimCgroup(String shimCgroup) {
            this.shimCgroup = emptyToNull(shimCgroup);
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

        /** Builds the immutable options. */
        public RuntimeOptions build() {
            return new RuntimeOptions(this);
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }
}
