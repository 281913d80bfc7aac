package dev.libcontainerd.supervisor;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * containerd's server configuration for one supervised daemon, rendered as a tree of maps and
 * serialised by Jackson's TOML mapper: format version 2 for containerd 1.x, version 3 for 2.x.
 * The keys written here mean the same in both; what differs are plugin ids.
 */
final class ContainerdConfig {
    /** containerd's default gRPC message limit; stated so that a future default change is visible. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    /** The plugins containerd 2.x split out of CRI; they go whenever CRI's gRPC service goes. */
    static final List<String> CRI_PLUGINS_V2 = List.of("io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime");

    private static final TomlMapper TOML = new TomlMapper();

    private final Path root;
    private final Path state;
    private final Path socket;
    private final Path debugSocket;
    private final SupervisorOptions options;
    private final ContainerdVersion version;

    /**
     * @param debugSocket null when the debug socket is off
     * @param version the release of the daemon that reads this configuration
     */
    ContainerdConfig(
            Path root,
            Path state,
            Path socket,
            Path debugSocket,
            SupervisorOptions options,
            ContainerdVersion version) {
        this.version = version;
        this.root = root;
        this.state = state;
        this.socket = socket;
        this.debugSocket = debugSocket;
        this.options = options;
    }

    /** The configuration as containerd's TOML keys, in the order they are written. */
    Map<String, Object> tree() {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", version.configVersion());
        top.put("root", root.toString());
        top.put("state", state.toString());
        top.put("oom_score", options.oomScore());
        top.put("disabled_plugins", disabledPlugins());

        Map<String, Object> grpc = new LinkedHashMap<>();
        grpc.put("address", socket.toString());
        // Explicit owner: the socket grants full control of the host, so only root may use it.
        grpc.put("uid", 0);
        grpc.put("gid", 0);
        grpc.put("max_recv_message_size", MAX_MESSAGE_BYTES);
        grpc.put("max_send_message_size", MAX_MESSAGE_BYTES);
        top.put("grpc", grpc);

        Map<String, Object> debug = new LinkedHashMap<>();
        if (debugSocket != null) {
            debug.put("address", debugSocket.toString());
            debug.put("uid", 0);
            debug.put("gid", 0);
        }
        debug.put("level", options.logLevel().value());
        top.put("debug", debug);

        if (!options.pluginConfig().isEmpty()) {
            top.put("plugins", new LinkedHashMap<>(options.pluginConfig()));
        }
        return top;
    }

    private List<String> disabledPlugins() {
        Set<String> ids = new LinkedHashSet<>(options.disabledPlugins());
        if (version.configVersion() >= 3 && ids.contains(SupervisorOptions.CRI_PLUGIN)) {
            ids.addAll(CRI_PLUGINS_V2);
        }
        return new ArrayList<>(ids);
    }

    /** The configuration as TOML text. */
    String toToml() {
        try {
            return TOML.writeValueAsString(tree());
        } catch (IOException e) {
            throw new SystemException("failed to encode containerd config", e);
        }
    }

    /**
     * Writes the configuration to {@code file} with mode 0600, replacing it atomically so that a
     * concurrently starting daemon never reads half a file.
     */
    void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                TOML.writeValue(out, tree());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SystemException("failed to write containerd config file at " + file, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover .tmp is replaced by the next write
            }
        }
    }
}
