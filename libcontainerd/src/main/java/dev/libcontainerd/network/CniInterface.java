package dev.libcontainerd.network;

import java.util.Objects;

/**
 * An interface a CNI plugin reported for an attachment.
 *
 * @param name the interface's name ({@code eth0} in the container, {@code veth…} or the bridge
 *     on the host)
 * @param mac its MAC address, or null when the plugin gave none
 * @param sandbox the network namespace path when the interface is inside the container, null
 *     when it is on the host
 */
public record CniInterface(String name, String mac, String sandbox) {
    /** Checks that the name is present. */
    public CniInterface {
        Objects.requireNonNull(name, "name");
    }

    /** Whether the interface is inside the container's namespace. */
    public boolean inContainer() {
        return sandbox != null && !sandbox.isEmpty();
    }
}
