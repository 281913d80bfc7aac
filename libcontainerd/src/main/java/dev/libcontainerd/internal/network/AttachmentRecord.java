package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.network.Attachment;
import dev.libcontainerd.network.CniInterface;
import dev.libcontainerd.network.IpAddress;
import dev.libcontainerd.network.NetworkKind;
import dev.libcontainerd.network.PortMapping;
import dev.libcontainerd.network.Protocol;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What is kept on disk for one attachment ({@code attachments/<id>/attachment.json}): enough to
 * undo it in another process. It holds the configuration list as it was at ADD and the ADD
 * result, which the CNI spec wants passed back as {@code prevResult} on DEL and CHECK (the
 * firewall plugin removes its rules only when it gets it), as libcni's result cache does.
 *
 * @param complete false while the ADD is under way (or was cut short by a crash)
 * @param created when the attach began
 */
record AttachmentRecord(
        String containerId,
        String network,
        NetworkKind kind,
        boolean complete,
        Path dir,
        List<PortMapping> ports,
        String hostname,
        ObjectNode confList,
        ObjectNode result,
        Instant created) {
    static final String FILE = "attachment.json";

    Path netns() {
        return kind == NetworkKind.HOST ? null : dir.resolve("netns");
    }

    Path resolvConf() {
        return dir.resolve("resolv.conf");
    }

    Path hosts() {
        return dir.resolve("hosts");
    }

    AttachmentRecord completed(ObjectNode addResult, List<PortMapping> finalPorts) {
        return new AttachmentRecord(
                containerId, network, kind, true, dir, finalPorts, hostname, confList, addResult, created);
    }

    ObjectNode toJson() {
        ObjectNode n = CniPlugin.JSON.createObjectNode();
        n.put("containerId", containerId);
        n.put("network", network);
        n.put("kind", kind.name());
        n.put("complete", complete);
        n.put("created", created.toString());
        ArrayNode ps = n.putArray("ports");
        for (PortMapping p : ports) {
            ObjectNode o = ps.addObject();
            if (p.hostIp() != null) {
                o.put("hostIp", p.hostIp());
            }
            o.put("hostPort", p.hostPort())
                    .put("containerPort", p.containerPort())
                    .put("protocol", p.protocol().value());
        }
        if (hostname != null) {
            n.put("hostname", hostname);
        }
        if (confList != null) {
            n.set("confList", confList);
        }
        if (result != null) {
            n.set("result", result);
        }
        return n;
    }

    static AttachmentRecord fromJson(JsonNode n, Path dir) {
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode p : n.path("ports")) {
            ports.add(new PortMapping(
                    p.hasNonNull("hostIp") ? p.get("hostIp").asText() : null,
                    p.path("hostPort").asInt(),
                    p.path("containerPort").asInt(),
                    Protocol.of(p.path("protocol").asText())));
        }
        return new AttachmentRecord(
                n.path("containerId").asText(),
                n.path("network").asText(),
                NetworkKind.valueOf(n.path("kind").asText()),
                n.path("complete").asBoolean(),
                dir,
                ports,
                n.hasNonNull("hostname") ? n.get("hostname").asText() : null,
                n.get("confList") instanceof ObjectNode ? (ObjectNode) n.get("confList") : null,
                n.get("result") instanceof ObjectNode ? (ObjectNode) n.get("result") : null,
                n.hasNonNull("created") ? Instant.parse(n.get("created").asText()) : Instant.EPOCH);
    }

    /** The public value: interfaces and addresses as the ADD result gives them. */
    Attachment toAttachment() {
        List<CniInterface> interfaces = new ArrayList<>();
        List<IpAddress> addresses = new ArrayList<>();
        if (result != null) {
            for (JsonNode i : result.path("interfaces")) {
                interfaces.add(new CniInterface(i.path("name").asText(), text(i.get("mac")), text(i.get("sandbox"))));
            }
            for (JsonNode ip : result.path("ips")) {
                String ifName = null;
                if (ip.has("interface")) {
                    int idx = ip.get("interface").asInt(-1);
                    ifName = idx >= 0 && idx < interfaces.size()
                            ? interfaces.get(idx).name()
                            : null;
                }
                addresses.add(new IpAddress(ifName, ip.path("address").asText(), text(ip.get("gateway"))));
            }
        }
        return new Attachment(
                containerId, network, kind, netns(), interfaces, addresses, ports, hostname, resolvConf(), hosts());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
