package dev.libcontainerd.cli.state;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Path;

/**
 * Where the tool keeps things on the host.
 *
 * <p>The state dir ({@code /run/lcd} for root, else {@code $XDG_RUNTIME_DIR/lcd}) holds what is
 * only meaningful while the machine is up: the private daemon's socket and pid file, the stdio
 * FIFOs, the containers' logs and network state. Images and the containers' writable layers
 * (snapshots) are containerd's, under the root dir. The root dir holds containerd's metadata and content; it defaults to {@code
 * /var/lib/lcd}, or to {@code <state>/root} when the state dir was chosen explicitly, so that a
 * private state dir (tests, experiments) is self-contained.
 *
 * @param state the state dir
 * @param root the root dir
 */
public record Layout(Path state, Path root) {
    /** The supervisor's state dir: socket, pid file, config and log of the private daemon. */
    public Path daemonState() {
        return state.resolve("containerd");
    }

    /** The library client's state dir: per-container stdio FIFOs. */
    public Path clientState() {
        return state.resolve("io");
    }

    /**
     * The networks' state dir (configuration lists, address reservations, one attachment per
     * container), shared by every namespace: networks and addresses are the host's.
     */
    public Path networkState() {
        return state.resolve("net");
    }

    /** The output of a container started detached. */
    public Path logFile(String namespace, String id) {
        return state.resolve("logs").resolve(namespace).resolve(id + ".log");
    }

    /** Markers of the containers to remove once they exit ({@code --rm}), one empty file each. */
    public Path autoRemoveDir(String namespace) {
        return state.resolve("autoremove").resolve(namespace);
    }

    /** The layout from explicit choices, environment variables, then defaults. */
    public static Layout resolve(Path explicitState, Path explicitRoot) {
        Path state = explicitState != null ? explicitState : env("LCD_STATE_DIR");
        boolean chosen = state != null;
        if (state == null) {
            state = isRoot() || env("XDG_RUNTIME_DIR") == null
                    ? Path.of("/run/lcd")
                    : env("XDG_RUNTIME_DIR").resolve("lcd");
        }
        Path root = explicitRoot != null ? explicitRoot : env("LCD_ROOT");
        if (root == null) {
            root = chosen ? state.resolve("root") : Path.of("/var/lib/lcd");
        }
        return new Layout(
                state.toAbsolutePath().normalize(), root.toAbsolutePath().normalize());
    }

    private static Path env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
