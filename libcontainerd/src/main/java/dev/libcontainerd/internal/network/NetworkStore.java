package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.client.Ids;
import dev.libcontainerd.network.Network;
import dev.libcontainerd.network.NetworkKind;
import dev.libcontainerd.network.NetworkOptions;
import dev.libcontainerd.network.Networks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bridge networks: one CNI configuration list per network, {@code networks/<name>.conflist}.
 * Callers hold the state lock.
 */
final class NetworkStore {
    private static final String SUFFIX = ".conflist";

    private final Path dir;
    private final Path ipamDir;
    private final NetworkOptions options;

    NetworkStore(Path dir, Path ipamDir, NetworkOptions options) {
        this.dir = dir;
        this.ipamDir = ipamDir;
        this.options = options;
    }

    /** The bridge networks by name, the default one created when missing. */
    Map<String, ObjectNode> all() {
        ensureDefault();
        Map<String, ObjectNode> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                ObjectNode list = read(p);
                out.put(list.path("name").asText(), list);
            }
        } catch (IOException e) {
            throw new SystemException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** One bridge network's list, or null. */
    ObjectNode get(String name) {
        if (Networks.DEFAULT_NETWORK.equals(name)) {
            ensureDefault();
        }
        Path p = file(name);
        return Files.exists(p) ? read(p) : null;
    }

    Network create(String name, String subnetCidr, String bridge) {
        Ids.check("network name", name);
        if (Networks.HOST_NETWORK.equals(name) || Networks.NONE_NETWORK.equals(name)) {
            throw new ConflictException("network \"" + name + "\" is built in");
        }
        Subnet subnet = Subnet.parse(subnetCidr);
        if (bridge != null) {
            BridgeNames.check(bridge);
        }
        String br = bridge == null ? bridgeFor(name) : bridge;
        Map<String, ObjectNode> existing = all();
        if (existing.containsKey(name)) {
            throw new ConflictException("network \"" + name + "\" already exists");
        }
        return write(name, br, subnet, existing);
    }

    /** Removes a list; the caller has checked that nothing is attached. */
    Network remove(String name) {
        if (Networks.HOST_NETWORK.equals(name) || Networks.NONE_NETWORK.equals(name)) {
            throw new ConflictException("network \"" + name + "\" is built in and cannot be removed");
        }
        ObjectNode list = get(name);
        if (list == null) {
            throw new NotFoundException("no such network \"" + name + "\"");
        }
        try {
            Files.delete(file(name));
        } catch (IOException e) {
            throw new SystemException("cannot remove network \"" + name + "\": " + e.getMessage(), e);
        }
        Files2.deleteTree(ipamDir.resolve(name));
        return ConfLists.describe(list);
    }

    private void ensureDefault() {
        if (Files.exists(file(Networks.DEFAULT_NETWORK))) {
            return;
        }
        Map<String, ObjectNode> others = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                ObjectNode list = read(p);
                others.put(list.path("name").asText(), list);
            }
        } catch (IOException e) {
            throw new SystemException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        write(Networks.DEFAULT_NETWORK, options.defaultBridge(), Subnet.parse(options.defaultSubnet()), others);
    }

    private Network write(String name, String bridge, Subnet subnet, Map<String, ObjectNode> existing) {
        for (ObjectNode other : existing.values()) {
            Network n = ConfLists.describe(other);
            if (bridge.equals(n.bridge())) {
                throw new ConflictException("bridge " + bridge + " is used by network \"" + n.name() + "\"");
            }
            if (n.subnet() != null && Subnet.parse(n.subnet()).overlaps(subnet)) {
                throw new ConflictException(
                        "subnet " + subnet + " overlaps network \"" + n.name() + "\" (" + n.subnet() + ")");
            }
        }
        for (HostRoutes.Route r : HostRoutes.read()) {
            // a leftover bridge of the same name (after a crash) routes our own subnet: not a clash
            if (!r.device().equals(bridge) && r.destination().overlaps(subnet)) {
                throw new ConflictException(
                        "subnet " + subnet + " overlaps the host's route to " + r.destination() + " on " + r.device());
            }
        }
        ObjectNode list = ConfLists.bridge(name, bridge, subnet, ipamDir);
        try {
            Files2.writeAtomically(
                    file(name), CniPlugin.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
        } catch (IOException e) {
            throw new SystemException("cannot encode network \"" + name + "\"", e);
        }
        return ConfLists.describe(list);
    }

    /** The built-in networks and every bridge network. */
    List<Network> describeAll() {
        List<Network> out = new ArrayList<>();
        for (ObjectNode list : all().values()) {
            out.add(ConfLists.describe(list));
        }
        out.add(new Network(Networks.HOST_NETWORK, NetworkKind.HOST, null, null, null));
        out.add(new Network(Networks.NONE_NETWORK, NetworkKind.NONE, null, null, null));
        return out;
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    private static ObjectNode read(Path p) {
        try {
            JsonNode n = CniPlugin.JSON.readTree(Files.readString(p, StandardCharsets.UTF_8));
            if (!(n instanceof ObjectNode) || !n.path("plugins").isArray()) {
                throw new SystemException("network configuration " + p + " is not a CNI configuration list");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new SystemException("cannot read network configuration " + p + ": " + e.getMessage(), e);
        }
    }

    /** {@code lcd-} and 10 hex digits of the name's SHA-256: 14 characters, under IFNAMSIZ. */
    static String bridgeFor(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "lcd-" + HexFormat.of().formatHex(h).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
