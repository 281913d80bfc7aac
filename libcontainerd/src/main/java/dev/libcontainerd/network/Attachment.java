package dev.libcontainerd.network;

import dev.libcontainerd.oci.LinuxNamespace;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A container's place on a network: what {@link Networks#attach} set up and what the container's
 * spec must point at. Immutable.
 *
 * @param containerId the container it was made for
 * @param network the network's name
 * @param kind the network's kind
 * @param netns the network namespace file the container must join (a bind mount under the state
 *     dir), or null for {@link NetworkKind#HOST}
 * @param interfaces the interfaces the CNI plugins reported (host and container side); empty
 *     unless {@link NetworkKind#BRIDGE}
 * @param addresses the container's addresses; empty unless {@link NetworkKind#BRIDGE}
 * @param ports the published ports, with the host ports that were picked for those asked as 0
 * @param hostname the host name written into {@code /etc/hosts}, or null when none was asked
 * @param resolvConf the generated {@code /etc/resolv.conf} to bind-mount read-only
 * @param hosts the generated {@code /etc/hosts} to bind-mount read-only
 */
public record Attachment(
        String containerId,
        String network,
        NetworkKind kind,
        Path netns,
        List<CniInterface> interfaces,
        List<IpAddress> addresses,
        List<PortMapping> ports,
        String hostname,
        Path resolvConf,
        Path hosts) {
    /** Checks the required parts and copies the lists. */
    public Attachment {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resolvConf, "resolvConf");
        Objects.requireNonNull(hosts, "hosts");
        interfaces = List.copyOf(interfaces);
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
    }

    /** The container's first IPv4 address without prefix (such as {@code 10.209.0.2}), or null. */
    public String ipv4() {
        for (IpAddress a : addresses) {
            if (!a.address().contains(":")) {
                return a.address();
            }
        }
        return null;
    }

    /**
     * {@code spec} joined to this attachment: its network namespace is {@link #netns()} (or,
     * for {@link NetworkKind#HOST}, the host's: the network namespace entry is removed), {@code
     * /etc/resolv.conf} and {@code /etc/hosts} are read-only bind mounts of the generated files
     * (replacing mounts of those paths), and the host name is set when one was asked for (which
     * needs a UTS namespace, as in containerd's default spec). Every other field is kept.
     */
    public Spec applyTo(Spec spec) {
        Spec.Builder b = Objects.requireNonNull(spec, "spec").toBuilder();
        if (kind == NetworkKind.HOST) {
            b.removeNamespace("network");
        } else {
            b.addNamespace(new LinuxNamespace("network", netns.toString()));
        }
        b.removeMount("/etc/resolv.conf")
                .removeMount("/etc/hosts")
                .addMount(Mount.bind(resolvConf.toString(), "/etc/resolv.conf", true))
                .addMount(Mount.bind(hosts.toString(), "/etc/hosts", true));
        if (hostname != null) {
            b.hostname(hostname);
        }
        return b.build();
    }
}
