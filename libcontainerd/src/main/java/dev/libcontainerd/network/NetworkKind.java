package dev.libcontainerd.network;

/** How a network connects its containers. */
public enum NetworkKind {
    /** A Linux bridge with its own subnet, NAT to the outside and published ports (CNI bridge). */
    BRIDGE,
    /** The host's own network namespace: the container sees the host's interfaces. */
    HOST,
    /** A network namespace of its own with only the loopback interface. */
    NONE
}
