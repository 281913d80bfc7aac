package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.network.PortMapping;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration list run as libcni runs one: ADD through the plugins in order, each given the
 * previous one's result as {@code prevResult}; DEL in reverse order and CHECK in order, both
 * given the ADD result. Runtime arguments (published ports) go in {@code runtimeConfig} to the
 * plugins that declare the capability.
 */
final class CniLists {
    private static final Logger LOG = LoggerFactory.getLogger(CniLists.class);

    private final CniPlugin plugin;

    CniLists(CniPlugin plugin) {
        this.plugin = plugin;
    }

    /** Runs ADD; returns the last plugin's result. */
    ObjectNode add(ObjectNode list, CniPlugin.Target target, List<PortMapping> ports) {
        ObjectNode prev = null;
        for (JsonNode p : list.path("plugins")) {
            ObjectNode conf = config(list, (ObjectNode) p, ports, prev);
            JsonNode r = plugin.run(CniCommand.ADD, target, conf);
            if (r instanceof ObjectNode) {
                prev = (ObjectNode) r;
            }
        }
        return prev;
    }

    /**
     * Runs DEL through every plugin, even after one failed (so that as much as possible is
     * released), then throws the first failure.
     */
    void del(ObjectNode list, CniPlugin.Target target, List<PortMapping> ports, ObjectNode addResult) {
        List<JsonNode> plugins = new ArrayList<>();
        list.path("plugins").forEach(plugins::add);
        ContainerdException first = null;
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                plugin.run(CniCommand.DEL, target, config(list, (ObjectNode) plugins.get(i), ports, addResult));
            } catch (ContainerdException e) {
                LOG.debug(
                        "DEL of {} for {}: {}",
                        plugins.get(i).path("type").asText(),
                        target.containerId(),
                        e.getMessage());
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Runs CHECK; {@code skip} names plugin types left out. */
    void check(
            ObjectNode list,
            CniPlugin.Target target,
            List<PortMapping> ports,
            ObjectNode addResult,
            List<String> skip) {
        for (JsonNode p : list.path("plugins")) {
            if (!skip.contains(p.path("type").asText())) {
                plugin.run(CniCommand.CHECK, target, config(list, (ObjectNode) p, ports, addResult));
            }
        }
    }

    private static ObjectNode config(ObjectNode list, ObjectNode pluginConf, List<PortMapping> ports, ObjectNode prev) {
        ObjectNode conf = pluginConf.deepCopy();
        conf.put("cniVersion", list.path("cniVersion").asText(ConfLists.CNI_VERSION));
        conf.put("name", list.path("name").asText());
        if (prev != null) {
            conf.set("prevResult", prev);
        }
        if (conf.path("capabilities").path("portMappings").asBoolean(false) && !ports.isEmpty()) {
            ArrayNode maps = conf.putObject("runtimeConfig").putArray("portMappings");
            for (PortMapping m : ports) {
                ObjectNode o = maps.addObject();
                o.put("hostPort", m.hostPort())
                        .put("containerPort", m.containerPort())
                        .put("protocol", m.protocol().value());
                if (m.hostIp() != null) {
                    o.put("hostIP", m.hostIp());
                }
            }
        }
        return conf;
    }
}
