package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.client.Ids;
import dev.libcontainerd.network.AttachOptions;
import dev.libcontainerd.network.Attachment;
import dev.libcontainerd.network.Network;
import dev.libcontainerd.network.NetworkKind;
import dev.libcontainerd.network.NetworkOptions;
import dev.libcontainerd.network.Networks;
import dev.libcontainerd.network.PortMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Networks} over a state dir: {@code lock}, {@code networks/} (configuration lists),
 * {@code ipam/} (host-local's reservations) and {@code attachments/<id>/} (record, namespace
 * file, resolv.conf, hosts). Plugin runs happen outside the state lock, so attaches of different
 * containers run in parallel (host-local locks its own store); an id being attached or detached
 * by this process is marked busy so that a second call or a reap leaves it alone.
 */
public final class NetworksImpl implements Networks {
    private static final Logger LOG = LoggerFactory.getLogger(NetworksImpl.class);
    private static final String IFNAME = "eth0";

    private final Path root;
    private final StateLock lock;
    private final NetworkStore networks;
    private final AttachmentStore store;
    private final CniPlugin plugin;
    private final CniLists lists;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NetworksImpl(Path root, NetworkOptions options) {
        this.root = root;
        this.lock = new StateLock(root.resolve("lock"));
        this.networks = new NetworkStore(root.resolve("networks"), root.resolve("ipam"), options);
        this.store = new AttachmentStore(root.resolve("attachments"));
        this.plugin = new CniPlugin(options.cniPath(), options.pluginTimeout());
        this.lists = new CniLists(plugin);
    }

    /** Opens (and creates when missing) the state dir. */
    public static NetworksImpl open(Path stateDir, NetworkOptions options) {
        if (stateDir == null || options == null) {
            throw new InvalidParameterException("state dir and options must not be null");
        }
        Path root = stateDir.toAbsolutePath().normalize();
        try {
            for (String d : new String[] {"", "networks", "ipam", "attachments"}) {
                Path p = root.resolve(d);
                if (!Files.isDirectory(p)) {
                    Files.createDirectories(
                            p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
        } catch (IOException e) {
            throw new SystemException("cannot create network state dir " + root + ": " + e.getMessage(), e);
        }
        return new NetworksImpl(root, options);
    }

    @Override
    public List<Network> list() {
        ensureOpen();
        return lock.locked(networks::describeAll);
    }

    @Override
    public Network inspect(String name) {
        for (Network n : list()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new NotFoundException("no such network \"" + name + "\"");
    }

    @Override
    public Network create(String name, String subnet) {
        return create(name, subnet, null);
    }

    @Override
    public Network create(String name, String subnet, String bridge) {
        ensureOpen();
        Network n = lock.locked(() -> networks.create(name, subnet, bridge));
        LOG.info("created network {} on {} ({})", n.name(), n.bridge(), n.subnet());
        return n;
    }

    @Override
    public void remove(String name) {
        ensureOpen();
        Network removed = lock.locked(() -> {
            for (String id : store.ids()) {
                AttachmentRecord r = store.read(id);
                if (r != null && r.network().equals(name)) {
                    throw new ConflictException("network \"" + name + "\" has container " + id + " attached");
                }
            }
            return networks.remove(name);
        });
        Bridges.delete(removed.bridge());
        LOG.info("removed network {}", name);
    }

    @Override
    public Attachment attach(String containerId, AttachOptions options) {
        ensureOpen();
        Ids.check("container id", containerId);
        if (options == null) {
            throw new InvalidParameterException("attach options must not be null");
        }
        NetworkKind kind = kindOf(options.network());
        if (kind != NetworkKind.BRIDGE && !options.ports().isEmpty()) {
            throw new InvalidParameterException(
                    "ports can be published only on a bridge network, not \"" + options.network() + "\"");
        }
        if (!busy.add(containerId)) {
            throw new ConflictException("container " + containerId + " is being attached or detached");
        }
        try {
            AttachmentRecord record = reserve(containerId, kind, options);
            try {
                return complete(record, options);
            } catch (RuntimeException e) {
                undo(record, e);
                throw e;
            }
        } finally {
            busy.remove(containerId);
        }
    }

    private AttachmentRecord reserve(String id, NetworkKind kind, AttachOptions options) {
        return lock.locked(() -> {
            ObjectNode list = null;
            if (kind == NetworkKind.BRIDGE) {
                list = networks.get(options.network());
                if (list == null) {
                    throw new NotFoundException("no such network \"" + options.network() + "\"");
                }
            }
            if (Files.exists(store.dir(id))) {
                throw new ConflictException("container " + id + " is attached already");
            }
            List<PortMapping> taken = new ArrayList<>();
            for (String other : store.ids()) {
                AttachmentRecord r = store.read(other);
                if (r != null) {
                    taken.addAll(r.ports());
                }
            }
            List<PortMapping> ports = PortChecks.resolve(options.ports(), taken);
            AttachmentRecord r = new AttachmentRecord(
                    id,
                    options.network(),
                    kind,
                    false,
                    store.dir(id),
                    ports,
                    options.hostname(),
                    list,
                    null,
                    Instant.now());
            store.reserve(r);
            return r;
        });
    }

    private Attachment complete(AttachmentRecord record, AttachOptions options) {
        String id = record.containerId();
        ObjectNode result = null;
        if (record.kind() != NetworkKind.HOST) {
            NetnsFiles.create(record.netns());
            CniPlugin.Target lo = new CniPlugin.Target(id, record.netns().toString(), "lo");
            lists.add(ConfLists.loopback(), lo, List.of());
        }
        if (record.kind() == NetworkKind.BRIDGE) {
            result = lists.add(record.confList(), target(record), record.ports());
        }
        AttachmentRecord done = record.completed(result, record.ports());
        Attachment a = done.toAttachment();
        boolean host = record.kind() == NetworkKind.HOST;
        Files2.writeAtomically(done.resolvConf(), DnsFiles.resolvConf(options, host));
        Files2.writeAtomically(
                done.hosts(), DnsFiles.hosts(options.hostname() == null ? id : options.hostname(), a.ipv4(), host));
        lock.locked(() -> store.write(done));
        LOG.debug("attached {} to {}: {} {}", id, record.network(), a.addresses(), a.ports());
        return a;
    }

    /** Rolls a failed attach back; if that fails too, the record stays for {@link #reap}. */
    private void undo(AttachmentRecord record, RuntimeException cause) {
        try {
            teardown(record);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn(
                    "attach of {} failed and could not be fully undone; reap will retry: {}",
                    record.containerId(),
                    e.getMessage());
        }
    }

    @Override
    public void detach(String containerId) {
        ensureOpen();
        Ids.check("container id", containerId);
        if (!busy.add(containerId)) {
            throw new ConflictException("container " + containerId + " is being attached or detached");
        }
        try {
            AttachmentRecord r = lock.locked(() -> store.read(containerId));
            if (r == null) {
                throw new NotFoundException("container " + containerId + " has no network attachment");
            }
            teardown(r);
            LOG.debug("detached {} from {}", containerId, r.network());
        } finally {
            busy.remove(containerId);
        }
    }

    /**
     * DEL, loopback, namespace file, directory, in that order; a DEL failure keeps the rest (the
     * namespace file is what DEL needs to find the container's veth).
     */
    private void teardown(AttachmentRecord r) {
        Path netns = r.netns();
        boolean mounted = netns != null && NetnsFiles.isMounted(netns);
        if (r.kind() == NetworkKind.BRIDGE && r.confList() != null) {
            // without the namespace (after a reboot) CNI_NETNS is empty: plugins then release
            // what is on the host (address, rules) and skip the container side
            CniPlugin.Target t = new CniPlugin.Target(r.containerId(), mounted ? netns.toString() : "", IFNAME);
            lists.del(r.confList(), t, r.ports(), r.result());
        }
        if (mounted) {
            try {
                lists.del(
                        ConfLists.loopback(),
                        new CniPlugin.Target(r.containerId(), netns.toString(), "lo"),
                        List.of(),
                        null);
            } catch (ContainerdException e) {
                LOG.debug("loopback DEL for {}: {}", r.containerId(), e.getMessage());
            }
        }
        if (netns != null) {
            NetnsFiles.remove(netns);
        }
        lock.locked(() -> store.delete(r.containerId()));
    }

    @Override
    public Attachment attachment(String containerId) {
        ensureOpen();
        Ids.check("container id", containerId);
        AttachmentRecord r = lock.locked(() -> store.read(containerId));
        if (r == null || !r.complete()) {
            throw new NotFoundException("container " + containerId + " has no network attachment");
        }
        return r.toAttachment();
    }

    @Override
    public List<Attachment> attachments() {
        ensureOpen();
        return lock.locked(() -> {
            List<Attachment> out = new ArrayList<>();
            for (String id : store.ids()) {
                AttachmentRecord r = store.read(id);
                if (r != null && r.complete()) {
                    out.add(r.toAttachment());
                }
            }
            return out;
        });
    }

    @Override
    public void check(String containerId) {
        ensureOpen();
        Ids.check("container id", containerId);
        AttachmentRecord r = lock.locked(() -> store.read(containerId));
        if (r == null || !r.complete()) {
            throw new NotFoundException("container " + containerId + " has no network attachment");
        }
        if (r.kind() == NetworkKind.HOST) {
            return;
        }
        if (!NetnsFiles.isMounted(r.netns())) {
            throw new SystemException("network namespace of " + containerId + " is gone (" + r.netns() + ")");
        }
        lists.check(
                ConfLists.loopback(),
                new CniPlugin.Target(containerId, r.netns().toString(), "lo"),
                List.of(),
                null,
                List.of());
        if (r.kind() == NetworkKind.BRIDGE) {
            List<String> skip = hasIpv6(r.result()) ? List.of() : List.of("portmap");
            lists.check(r.confList(), target(r), r.ports(), r.result(), skip);
        }
    }

    @Override
    public List<String> reap(Collection<String> liveContainerIds) {
        return reap(liveContainerIds, Duration.ZERO);
    }

    @Override
    public List<String> reap(Collection<String> liveContainerIds, Duration minAge) {
        ensureOpen();
        if (minAge == null || minAge.isNegative()) {
            throw new InvalidParameterException("minAge must be zero or positive");
        }
        Set<String> live = new HashSet<>(liveContainerIds == null ? List.of() : liveContainerIds);
        Instant cutoff = Instant.now().minus(minAge);
        List<String> reaped = new ArrayList<>();
        SystemException failure = null;
        for (String id : lock.locked(store::ids)) {
            if (live.contains(id) || !busy.add(id)) {
                continue;
            }
            try {
                AttachmentRecord r = lock.locked(() -> store.read(id));
                if (r != null && r.created().isAfter(cutoff) || r == null && store.madeAfter(id, cutoff)) {
                    continue; // young: its process may still be between attach and create
                }
                if (r != null) {
                    teardown(r);
                } else {
                    // a crash between mkdir and the first record: nothing but the directory
                    NetnsFiles.remove(store.dir(id).resolve("netns"));
                    lock.locked(() -> store.delete(id));
                }
                reaped.add(id);
                LOG.info("reaped network attachment of {} (container gone)", id);
            } catch (ContainerdException e) {
                if (failure == null) {
                    failure = new SystemException("reap could not detach every dead container", e);
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                busy.remove(id);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reaped;
    }

    @Override
    public void close() {
        closed = true;
        lock.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new SystemException("networks handle on " + root + " is closed");
        }
    }

    private static NetworkKind kindOf(String network) {
        if (HOST_NETWORK.equals(network)) {
            return NetworkKind.HOST;
        }
        if (NONE_NETWORK.equals(network)) {
            return NetworkKind.NONE;
        }
        Ids.check("network name", network);
        return NetworkKind.BRIDGE;
    }

    private static CniPlugin.Target target(AttachmentRecord r) {
        return new CniPlugin.Target(r.containerId(), r.netns().toString(), IFNAME);
    }

    private static boolean hasIpv6(JsonNode result) {
        for (JsonNode ip : result == null ? List.<JsonNode>of() : result.path("ips")) {
            if (ip.path("address").asText().contains(":")) {
                return true;
            }
        }
        return false;
    }
}
