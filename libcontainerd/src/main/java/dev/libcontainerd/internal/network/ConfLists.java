package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.network.Network;
import dev.libcontainerd.network.NetworkKind;
import java.nio.file.Path;

/**
 * CNI network configuration lists for bridge networks: bridge (with host-local IPAM and ipMasq
 * for NAT), portmap (published ports) and firewall (accepts the container's traffic in FORWARD
 * when the host's policy drops it, as with docker installed).
 */
final class ConfLists {
    static final String CNI_VERSION = "1.0.0";

    private ConfLists() {}

    /** The list for a bridge network; host-local keeps its reservations under {@code ipamDir}. */
    static ObjectNode bridge(String name, String bridge, Subnet subnet, Path ipamDir) {
        ObjectNode list = CniPlugin.JSON.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", name);
        ArrayNode plugins = list.putArray("plugins");
        ObjectNode br = plugins.addObject();
        br.put("type", "bridge");
        br.put("bridge", bridge);
        br.put("isGateway", true);
        br.put("ipMasq", true);
        br.put("hairpinMode", true);
        ObjectNode ipam = br.putObject("ipam");
        ipam.put("type", "host-local");
        ObjectNode range = ipam.putArray("ranges").addArray().addObject();
        range.put("subnet", subnet.toString());
        range.put("gateway", subnet.gateway());
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", ipamDir.toString());
        ObjectNode portmap = plugins.addObject();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        plugins.addObject().put("type", "firewall");
        return list;
    }

    /** The loopback "network" every own namespace gets first, as containerd's CRI does. */
    static ObjectNode loopback() {
        ObjectNode list = CniPlugin.JSON.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", "lcd-loopback");
        list.putArray("plugins").addObject().put("type", "loopback");
        return list;
    }

    /** The network a list describes. */
    static Network describe(ObjectNode list) {
        JsonNode first = list.path("plugins").path(0);
        JsonNode range = first.path("ipam").path("ranges").path(0).path(0);
        return new Network(
                list.path("name").asText(),
                NetworkKind.BRIDGE,
                text(first.get("bridge")),
                text(range.get("subnet")),
                text(range.get("gateway")));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
