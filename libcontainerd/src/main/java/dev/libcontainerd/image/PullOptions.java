package dev.libcontainerd.image;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to pull: which platform, which credentials, which transport, whether to unpack. Built with
 * {@link #builder()}; immutable. The defaults: the host's platform, credentials from {@code
 * ~/.docker/config.json} (none if it has none for the registry), HTTPS with the system trust
 * store (plain HTTP only for {@code localhost} and 127.0.0.1 when HTTPS fails, as docker does),
 * three blobs fetched at a time, unpacked into {@code overlayfs}, no progress reports.
 */
public final class PullOptions {
    private final Platform platform;
    private final RegistryCredentials credentials;
    private final Path dockerConfig;
    private final Path extraCaFile;
    private final boolean plainHttp;
    private final int concurrency;
    private final String snapshotter;
    private final boolean unpack;
    private final ProgressListener progress;

    private PullOptions(Builder b) {
        this.platform = b.platform;
        this.credentials = b.credentials;
        this.dockerConfig = b.dockerConfig;
        this.extraCaFile = b.extraCaFile;
        this.plainHttp = b.plainHttp;
        this.concurrency = b.concurrency;
        this.snapshotter = b.snapshotter;
        this.unpack = b.unpack;
        this.progress = b.progress;
    }

    /** The defaults. */
    public static PullOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The platform an index is resolved to. */
    public Platform platform() {
        return platform;
    }

    /** The caller's credentials, or null to use {@link #dockerConfig()} or none. */
    public RegistryCredentials credentials() {
        return credentials;
    }

    /** The docker config file credentials are looked up in when none are given. */
    public Path dockerConfig() {
        return dockerConfig;
    }

    /** A PEM file of CA certificates trusted besides the system's, or null. */
    public Path extraCaFile() {
        return extraCaFile;
    }

    /** Whether to talk plain HTTP to the registry. */
    public boolean plainHttp() {
        return plainHttp;
    }

    /** How many blobs are fetched at the same time. */
    public int concurrency() {
        return concurrency;
    }

    /** The snapshotter the image is unpacked into. */
    public String snapshotter() {
        return snapshotter;
    }

    /** Whether the pull also unpacks the image. */
    public boolean unpack() {
        return unpack;
    }

    /** Who hears about each blob. */
    public ProgressListener progress() {
        return progress;
    }

    /** Collects options; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private Platform platform = Platform.host();
        private RegistryCredentials credentials;
        private Path dockerConfig = Path.of(System.getProperty("user.home"), ".docker", "config.json");
        private Path extraCaFile;
        private boolean plainHttp;
        private int concurrency = 3;
        private String snapshotter = "overlayfs";
        private boolean unpack = true;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {}

        /** Resolves indexes to this platform instead of the host's. */
        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /** Uses these credentials for the registry (basic auth or the token endpoint). */
        public Builder credentials(RegistryCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Looks credentials up in this docker config file instead of {@code ~/.docker/config.json}. */
        public Builder dockerConfig(Path dockerConfig) {
            this.dockerConfig = Objects.requireNonNull(dockerConfig, "dockerConfig");
            return this;
        }

        /** Trusts the CA certificates in this PEM file besides the system's. */
        public Builder extraCaFile(Path pemFile) {
            this.extraCaFile = pemFile;
            return this;
        }

        /** Talks plain HTTP to the registry (default false). */
        public Builder plainHttp(boolean plainHttp) {
            this.plainHttp = plainHttp;
            return this;
        }

        /**
         * Fetches at most this many blobs at a time (default 3).
         *
         * @throws InvalidParameterException when not between 1 and 32
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 32) {
                throw new InvalidParameterException("concurrency must be 1..32, not " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Unpacks into this snapshotter (default {@code overlayfs}). */
        public Builder snapshotter(String snapshotter) {
            if (snapshotter == null || snapshotter.isEmpty()) {
                throw new InvalidParameterException("snapshotter must not be empty");
            }
            this.snapshotter = snapshotter;
            return this;
        }

        /** Whether to unpack after fetching (default true). */
        public Builder unpack(boolean unpack) {
            this.unpack = unpack;
            return this;
        }

        /** Reports each blob's progress here. */
        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The options. */
        public PullOptions build() {
            return new PullOptions(this);
        }
    }
}
