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
import java.util.Map;

/**
 * containerd's server configuration (format version 2) for one supervised daemon, rendered as a
 * tree of maps and serialised by Jackson's TOML mapper.
 */
final class ContainerdConfig {
    /** containerd's default gRPC message limit; stated so that a future default change is visible. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    private static final TomlMapper TOML = new TomlMapper();

    private final Path root;
    private final Path state;
    private final Path socket;
    private final Path debugSocket;
    private final SupervisorOptions options;

    /**
     * @param debugSocket null when the debug socket is off
     */
    ContainerdConfig(Path root, Path state, Path socket, Path debugSocket, SupervisorOptions options) {
        this.root = root;
        this.state = state;
        this.socket = socket;
        this.debugSocket = debugSocket;
        this.options = options;
    }

    /** The configuration as containerd's TOML keys, in the order they are written. */
    Map<String, Object> tree() {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", 2);
        top.put("root", root.toString());
        top.put("state", state.toString());
        top.put("oom_score", options.oomScore());
        top.put("disabled_plugins", new ArrayList<>(options.disabledPlugins()));

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
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
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
