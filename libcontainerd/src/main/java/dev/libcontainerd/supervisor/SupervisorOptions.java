package dev.libcontainerd.supervisor;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link Supervisor} configures, launches and watches containerd. Immutable; build one with
 * {@link #builder()}, or take {@link #defaults()}.
 */
public final class SupervisorOptions {
    /**
     * The id of containerd's CRI plugin, which is disabled unless the caller enables it. containerd
     * 2.x splits CRI into this gRPC service and the plugins {@code io.containerd.cri.v1.images} and
     * {@code io.containerd.cri.v1.runtime}; disabling this id disables those there too.
     */
    public static final String CRI_PLUGIN = "io.containerd.grpc.v1.cri";

    private static final SupervisorOptions DEFAULTS = builder().build();

    private final String binary;
    private final LogLevel logLevel;
    private final int oomScore;
    private final Set<String> disabledPlugins;
    private final boolean debugSocket;
    private final Path debugSocketPath;
    private final Map<String, Map<String, Object>> pluginConfig;
    private final Path socket;
    private final Duration unresponsiveLimit;
    private final Duration stopTimeout;

    private SupervisorOptions(Builder b) {
        this.binary = b.binary;
        this.logLevel = b.logLevel;
        this.oomScore = b.oomScore;
        this.disabledPlugins = Collections.unmodifiableSet(new LinkedHashSet<>(b.disabledPlugins));
        this.debugSocket = b.debugSocket;
        this.debugSocketPath = b.debugSocketPath;
        this.pluginConfig = Collections.unmodifiableMap(new LinkedHashMap<>(b.pluginConfig));
        this.socket = b.socket;
        this.unresponsiveLimit = b.unresponsiveLimit;
        this.stopTimeout = b.stopTimeout;
    }

    /** The defaults: every value as documented on the {@link Builder}'s setters. */
    public static SupervisorOptions defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The containerd executable: a path, or a name looked up on {@code PATH}. */
    public String binary() {
        return binary;
    }

    /** containerd's log level. */
    public LogLevel logLevel() {
        return logLevel;
    }

    /** The {@code oom_score} containerd gives itself (-1000 … 1000). */
    public int oomScore() {
        return oomScore;
    }

    /** The plugin ids written to {@code disabled_plugins}, in insertion order. */
    public Set<String> disabledPlugins() {
        return disabledPlugins;
    }

    /** Whether containerd serves its debug (pprof, expvar) socket. */
    public boolean debugSocketEnabled() {
        return debugSocket;
    }

    /**
     * Where the debug socket goes when enabled; empty means {@code stateDir/containerd-debug.sock}.
     */
    public Optional<Path> debugSocketPath() {
        return Optional.ofNullable(debugSocketPath);
    }

    /**
     * Extra configuration per plugin id, each written as the table {@code [plugins."<id>"]}. The
     * ids and keys are the daemon's own, and differ between containerd 1.x and 2.x (e.g. CRI's);
     * {@link Supervisor#containerdVersion()} tells which one runs.
     * Values are strings, numbers, booleans, lists and maps of those; all unmodifiable.
     */
    public Map<String, Map<String, Object>> pluginConfig() {
        return pluginConfig;
    }

    /** The gRPC socket; empty means {@code stateDir/containerd.sock}. */
    public Optional<Path> socket() {
        return Optional.ofNullable(socket);
    }

    /** How long a live daemon may fail health checks before it is killed and restarted. */
    public Duration unresponsiveLimit() {
        return unresponsiveLimit;
    }

    /** How long {@link Supervisor#close} waits after SIGTERM before it sends SIGKILL. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    @Override
    public String toString() {
        return "SupervisorOptions{binary=" + binary + ", logLevel=" + logLevel
                + ", oomScore=" + oomScore + ", disabledPlugins=" + disabledPlugins
                + ", debugSocket="
                + (debugSocket ? debugSocketPath().map(Path::toString).orElse("default") : "off")
                + ", plugins=" + pluginConfig.keySet() + ", socket=" + socket
                + ", unresponsiveLimit=" + unresponsiveLimit + ", stopTimeout=" + stopTimeout + "}";
    }

    /** Collects options; not thread-safe. {@link #build()} validates them. */
    public static final class Builder {
        private String binary = "containerd";
        private LogLevel logLevel = LogLevel.INFO;
        private int oomScore = -999;
        private final Set<String> disabledPlugins = new LinkedHashSet<>(List.of(CRI_PLUGIN));
        private boolean debugSocket;
        private Path debugSocketPath;
        private final Map<String, Map<String, Object>> pluginConfig = new LinkedHashMap<>();
        private Path socket;
        private Duration unresponsiveLimit = Duration.ofSeconds(10);
        private Duration stopTimeout = Duration.ofSeconds(15);

        private Builder() {}

        private Builder(SupervisorOptions o) {
            binary = o.binary;
            logLevel = o.logLevel;
            oomScore = o.oomScore;
            disabledPlugins.clear();
            disabledPlugins.addAll(o.disabledPlugins);
            debugSocket = o.debugSocket;
            debugSocketPath = o.debugSocketPath;
            pluginConfig.putAll(o.pluginConfig);
            socket = o.socket;
            unresponsiveLimit = o.unresponsiveLimit;
            stopTimeout = o.stopTimeout;
        }

        /** The containerd executable, a path or a name on {@code PATH}; default {@code containerd}. */
        public Builder binary(String binary) {
            this.binary = requireText(binary, "binary");
            return this;
        }

        /** containerd's log level; default {@link LogLevel#INFO}. */
        public Builder logLevel(LogLevel level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * containerd's {@code oom_score} (its {@code oom_score_adj}), -1000 … 1000; default -999,
         * as dockerd does, so that the kernel kills containers before the daemon.
         */
        public Builder oomScore(int score) {
            if (score < -1000 || score > 1000) {
                throw new InvalidParameterException("oomScore must be within -1000..1000: " + score);
            }
            this.oomScore = score;
            return this;
        }

        /** Replaces the disabled plugin ids; default just {@link #CRI_PLUGIN}. */
        public Builder disabledPlugins(Collection<String> ids) {
            Objects.requireNonNull(ids, "ids");
            List<String> checked = new ArrayList<>();
            ids.forEach(id -> checked.add(requireText(id, "plugin id")));
            disabledPlugins.clear();
            disabledPlugins.addAll(checked);
            return this;
        }

        /** Adds one plugin id to the disabled ones. */
        public Builder disablePlugin(String id) {
            disabledPlugins.add(requireText(id, "plugin id"));
            return this;
        }

        /** Removes one plugin id from the disabled ones, e.g. {@link #CRI_PLUGIN} to enable CRI. */
        public Builder enablePlugin(String id) {
            disabledPlugins.remove(requireText(id, "plugin id"));
            return this;
        }

        /** Turns the debug socket on at {@code stateDir/containerd-debug.sock}, or off; default off. */
        public Builder debugSocket(boolean enabled) {
            this.debugSocket = enabled;
            this.debugSocketPath = null;
            return this;
        }

        /** Turns the debug socket on at {@code path}. */
        public Builder debugSocket(Path path) {
            this.debugSocketPath =
                    Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
            this.debugSocket = true;
            return this;
        }

        /**
         * Sets the table {@code [plugins."<id>"]}, replacing an earlier one for that id. Values
         * must be strings, numbers, booleans, lists or string-keyed maps of those (no nulls);
         * they are copied.
         */
        public Builder plugin(String id, Map<String, ?> config) {
            Objects.requireNonNull(config, "config");
            pluginConfig.put(requireText(id, "plugin id"), TomlValues.copyTable(config, id));
            return this;
        }

        /** Replaces every plugin table; see {@link #plugin(String, Map)}. */
        public Builder pluginConfig(Map<String, ? extends Map<String, ?>> config) {
            Objects.requireNonNull(config, "config");
            Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
            config.forEach((id, table) -> copy.put(
                    requireText(id, "plugin id"), TomlValues.copyTable(Objects.requireNonNull(table, id), id)));
            pluginConfig.clear();
            pluginConfig.putAll(copy);
            return this;
        }

        /** The gRPC socket; default {@code stateDir/containerd.sock}. */
        public Builder socket(Path socket) {
            this.socket =
                    Objects.requireNonNull(socket, "socket").toAbsolutePath().normalize();
            return this;
        }

        /**
         * How long a live daemon may go without answering a health check before it is SIGKILLed
         * and restarted; default 10 s. Counted from its last answer, or from its launch.
         */
        public Builder unresponsiveLimit(Duration d) {
            this.unresponsiveLimit = requirePositive(d, "unresponsiveLimit");
            return this;
        }

        /** How long {@link Supervisor#close} waits after SIGTERM before SIGKILL; default 15 s. */
        public Builder stopTimeout(Duration d) {
            this.stopTimeout = requirePositive(d, "stopTimeout");
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws InvalidParameterException if a plugin is both disabled and configured
         */
        public SupervisorOptions build() {
            for (String id : pluginConfig.keySet()) {
                if (disabledPlugins.contains(id)) {
                    throw new InvalidParameterException("plugin " + id + " is both disabled and configured");
                }
            }
            return new SupervisorOptions(this);
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new InvalidParameterException(what + " must not be blank");
            }
            return s;
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidParameterException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
