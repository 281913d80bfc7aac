package dev.libcontainerd.network;

import java.util.Objects;

/**
 * An address a CNI plugin assigned to an attachment.
 *
 * @param interfaceName the interface it is on (such as {@code eth0}), or null when the plugin
 *     did not say
 * @param cidr the address with its prefix length, such as {@code 10.209.0.2/16}
 * @param gateway the gateway for it, or null
 */
public record IpAddress(String interfaceName, String cidr, String gateway) {
    /** Checks that the address is present. */
    public IpAddress {
        Objects.requireNonNull(cidr, "cidr");
    }

    /** The address without its prefix length, such as {@code 10.209.0.2}. */
    public String address() {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
