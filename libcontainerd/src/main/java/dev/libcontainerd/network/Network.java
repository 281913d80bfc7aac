package dev.libcontainerd.network;

import java.util.Objects;

/**
 * A network containers can be attached to.
 *
 * @param name the network's name ({@link Networks#DEFAULT_NETWORK}, {@code host}, {@code none}
 *     or one given to {@link Networks#create})
 * @param kind how it connects containers
 * @param bridge the host's bridge device, or null unless {@link NetworkKind#BRIDGE}
 * @param subnet the IPv4 subnet in CIDR form ({@code 10.209.0.0/16}), or null unless {@link
 *     NetworkKind#BRIDGE}
 * @param gateway the bridge's address in the subnet, containers' default route, or null unless
 *     {@link NetworkKind#BRIDGE}
 */
public record Network(String name, NetworkKind kind, String bridge, String subnet, String gateway) {
    /** Checks that name and kind are present. */
    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
