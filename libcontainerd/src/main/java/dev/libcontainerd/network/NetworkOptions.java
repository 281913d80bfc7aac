package dev.libcontainerd.network;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.internal.network.BridgeNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Networks}, with every default in {@link #defaults()}: plugins from {@code
 * /usr/lib/cni}, the default network on bridge {@code lcd0} with subnet {@code 10.209.0.0/16}
 * (clear of docker's 172.17/16, podman's and nerdctl's 10.88/16 and 10.4/24, Kubernetes' usual
 * 10.96/12 and 10.244/16), 60 seconds per plugin run. Immutable.
 *
 * @param cniPath the directory holding the CNI plugin binaries ({@code CNI_PATH})
 * @param defaultBridge the bridge device of {@link Networks#DEFAULT_NETWORK}, at most 15 characters
 * @param defaultSubnet the IPv4 subnet of {@link Networks#DEFAULT_NETWORK}
 * @param pluginTimeout how long one plugin run may take before it is killed
 */
public record NetworkOptions(Path cniPath, String defaultBridge, String defaultSubnet, Duration pluginTimeout) {
    /** Debian's containernetworking-plugins directory. */
    public static final Path DEFAULT_CNI_PATH = Path.of("/usr/lib/cni");
    /** The default network's bridge. */
    public static final String DEFAULT_BRIDGE = "lcd0";
    /** The default network's subnet. */
    public static final String DEFAULT_SUBNET = "10.209.0.0/16";

    /**
     * Checks the values.
     *
     * @throws InvalidParameterException if a value is null, the bridge name is not a valid
     *     interface name, or the timeout is not positive
     */
    public NetworkOptions {
        if (cniPath == null || defaultBridge == null || defaultSubnet == null || pluginTimeout == null) {
            throw new InvalidParameterException("network options must not be null");
        }
        BridgeNames.check(defaultBridge);
        if (pluginTimeout.isNegative() || pluginTimeout.isZero()) {
            throw new InvalidParameterException("plugin timeout must be positive");
        }
    }

    /** The defaults. */
    public static NetworkOptions defaults() {
        return new NetworkOptions(DEFAULT_CNI_PATH, DEFAULT_BRIDGE, DEFAULT_SUBNET, Duration.ofSeconds(60));
    }

    /** A copy with another default network bridge and subnet (tests use their own). */
    public NetworkOptions withDefaultNetwork(String bridge, String subnet) {
        return new NetworkOptions(cniPath, bridge, subnet, pluginTimeout);
    }

    /** A copy with another plugin directory. */
    public NetworkOptions withCniPath(Path path) {
        return new NetworkOptions(Objects.requireNonNull(path, "path"), defaultBridge, defaultSubnet, pluginTimeout);
    }
}
