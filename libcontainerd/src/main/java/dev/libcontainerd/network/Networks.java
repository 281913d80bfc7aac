package dev.libcontainerd.network;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.NotImplementedException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.network.NetworksImpl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Networks and container attachments through CNI, kept under a state directory of their own.
 *
 * <p>Use beside {@link dev.libcontainerd.Client}: {@link #attach} before {@code create} and put
 * the {@link Attachment} into the spec ({@link Attachment#applyTo}); {@link #detach} after {@code
 * delete}. Everything lives in files under the state dir (network configuration lists, host-local
 * IPAM reservations, namespace files, one record per attachment), so a new process opened on the
 * same dir sees the attachments of an earlier one, and {@link #reap} cleans those whose containers
 * are gone. Several processes may use one state dir: changes are serialised by a file lock.
 *
 * <p>Thread-safe. Needs root (network namespaces, bridges, iptables) and Debian's {@code
 * containernetworking-plugins}.
 */
public interface Networks extends AutoCloseable {
    /** The default network, a bridge created on first use. */
    String DEFAULT_NETWORK = "bridge";
    /** The host's network namespace. */
    String HOST_NETWORK = "host";
    /** A namespace with only loopback. */
    String NONE_NETWORK = "none";

    /**
     * Opens the networks kept under {@code stateDir} with {@link NetworkOptions#defaults()}.
     *
     * @param stateDir a directory of its own (not a {@code Client}'s state dir, whose children
     *     are container ids); created when missing
     * @throws SystemException if the directory cannot be created
     */
    static Networks open(Path stateDir) {
        return open(stateDir, NetworkOptions.defaults());
    }

    /** Same, with other options. */
    static Networks open(Path stateDir, NetworkOptions options) {
        return NetworksImpl.open(stateDir, options);
    }

    /** Every network: the default, {@code host}, {@code none} and the created ones, by name. */
    List<Network> list();

    /**
     * One network.
     *
     * @throws NotFoundException if there is no network of that name
     */
    Network inspect(String name);

    /**
     * Creates a bridge network on a bridge named after it ({@code lcd-} and a hash).
     *
     * @param subnet an IPv4 subnet in CIDR form with its host bits zero, prefix 8–28
     * @throws InvalidParameterException if the name is not a valid identifier or the subnet is malformed
     * @throws ConflictException if the name is taken, or the subnet overlaps another network's or
     *     a route of the host
     */
    Network create(String name, String subnet);

    /** Same, on a bridge of the given name. */
    Network create(String name, String subnet, String bridge);

    /**
     * Removes a created network (its configuration, its address reservations and its bridge).
     *
     * @throws NotFoundException if there is no such network
     * @throws ConflictException if containers are attached to it, or it is {@code host} or {@code none}
     */
    void remove(String name);

    /**
     * Sets up a container's networking: a network namespace file, the CNI {@code ADD} of the
     * network's plugins (loopback first), published ports, and generated {@code resolv.conf} and
     * {@code hosts}. Nothing is left behind when it fails.
     *
     * @throws InvalidParameterException if the id is not a valid identifier, or ports are asked on
     *     a network that is not a bridge, or a host address is not one of this host's
     * @throws NotFoundException if the network does not exist
     * @throws ConflictException if the container is attached already, or a host port is in use
     *     (by another attachment or by a socket on the host)
     * @throws NotImplementedException if a CNI plugin is not installed
     * @throws SystemException if a plugin fails, with its CNI error
     */
    Attachment attach(String containerId, AttachOptions options);

    /** {@link #attach(String, AttachOptions)} on {@code network} with {@code ports} published. */
    default Attachment attach(String containerId, String network, List<PortMapping> ports, String hostname) {
        AttachOptions.Builder b = AttachOptions.builder().network(network).hostname(hostname);
        if (ports != null) {
            ports.forEach(b::publish);
        }
        return attach(containerId, b.build());
    }

    /**
     * Undoes {@link #attach}: the CNI {@code DEL} (which releases the address, the veth and the
     * iptables rules), the namespace file and the generated files.
     *
     * @throws NotFoundException if the container has no attachment
     * @throws SystemException if a plugin fails; the attachment is kept so that it can be retried
     */
    void detach(String containerId);

    /**
     * A container's attachment.
     *
     * @throws NotFoundException if it has none
     */
    Attachment attachment(String containerId);

    /** Every complete attachment under the state dir, this process's and earlier ones'. */
    List<Attachment> attachments();

    /**
     * Runs the CNI {@code CHECK} of the attachment's plugins: whether its interfaces, addresses
     * and rules are still in place. The portmap plugin is left out for IPv4-only attachments:
     * its CHECK in plugins 1.1.1 always fails there (containernetworking/plugins#819).
     *
     * @throws NotFoundException if the container has no attachment
     * @throws SystemException if a plugin reports a difference
     */
    void check(String containerId);

    /**
     * Detaches every attachment (complete, or left half-made by a process that died) whose
     * container is not in {@code liveContainerIds}, such as after a crash: pass the ids {@code
     * client.list()} returns. Attachments of live containers are kept as they are.
     *
     * @return the ids detached
     * @throws SystemException if a detach fails (the others are still attempted)
     */
    List<String> reap(Collection<String> liveContainerIds);

    /**
     * {@link #reap(Collection)}, keeping attachments made less than {@code minAge} ago. When
     * several processes share the state dir, another one may have attached a container it has
     * not created yet: a minimum age longer than that window (seconds) keeps such attachments.
     *
     * @throws InvalidParameterException if {@code minAge} is null or negative
     */
    List<String> reap(Collection<String> liveContainerIds, Duration minAge);

    /** Releases this handle; attachments stay. Idempotent. */
    @Override
    void close();
}
