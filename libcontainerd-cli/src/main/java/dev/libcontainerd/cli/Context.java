package dev.libcontainerd.cli;

import com.sun.security.auth.module.UnixSystem;
import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.cli.daemon.EmbeddedDaemon;
import dev.libcontainerd.cli.state.Layout;
import dev.libcontainerd.cli.task.Reaper;
import dev.libcontainerd.network.Networks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every command shares: the global options, and the connection and client opened for them
 * on first use. Closing it releases both; the private daemon keeps running for the next command.
 */
public final class Context implements AutoCloseable {
    /** The containerd namespace the tool works in unless {@code --namespace} says otherwise. */
    public static final String DEFAULT_NAMESPACE = "lcd";

    private Path address;
    private String namespace = DEFAULT_NAMESPACE;
    private Path stateDir;
    private Path rootDir;
    private Path containerdBinary;
    private boolean debug;

    private Layout layout;
    private Containerd containerd;
    private Client client;
    private Networks networks;
    private final EventHub events = new EventHub();
    private Preconnect preconnect;

    void setAddress(Path address) {
        this.address = address;
    }

    void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    void setRootDir(Path rootDir) {
        this.rootDir = rootDir;
    }

    void setContainerdBinary(Path binary) {
        this.containerdBinary = binary;
    }

    /**
     * The containerd the private daemon runs, from {@code --containerd} or {@code $LCD_CONTAINERD}:
     * a binary, or a directory holding one; {@code containerd} on PATH when neither is given.
     */
    public String containerdBinary() {
        Path p = containerdBinary;
        if (p == null
                && System.getenv("LCD_CONTAINERD") != null
                && !System.getenv("LCD_CONTAINERD").isBlank()) {
            p = Path.of(System.getenv("LCD_CONTAINERD"));
        }
        if (p == null) {
            return "containerd";
        }
        return (Files.isDirectory(p) ? p.resolve("containerd") : p)
                .toAbsolutePath()
                .toString();
    }

    void setPreconnect(Preconnect preconnect) {
        this.preconnect = preconnect;
    }

    void setDebug(boolean debug) {
        this.debug = debug;
    }

    /**
     * The global options that make another lcd process (a container's monitor) work on the same
     * daemon, namespace and state as this one.
     */
    public List<String> globalArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--state-dir", layout().state().toString(),
                "--root", layout().root().toString(),
                "--namespace", namespace));
        if (address != null) {
            args.addAll(List.of("--address", address.toString()));
        }
        if (containerdBinary != null) {
            args.addAll(List.of("--containerd", containerdBinary.toString()));
        }
        if (debug) {
            args.add("--debug");
        }
        return args;
    }

    /** Whether {@code --debug} was given. */
    public boolean debug() {
        return debug;
    }

    /** The containerd namespace of every container the tool touches. */
    public String namespace() {
        return namespace;
    }

    /** Where things live on the host. */
    public synchronized Layout layout() {
        if (layout == null) {
            layout = Layout.resolve(stateDir, rootDir);
        }
        return layout;
    }

    /** Whether the tool runs its own daemon (no {@code --address}). */
    public boolean embedded() {
        return address == null && System.getenv("LCD_ADDRESS") == null;
    }

    /** The connection, opened on first use; starts the private daemon when there is no address. */
    public synchronized Containerd containerd() {
        if (containerd == null) {
            Path socket = address;
            if (socket == null && System.getenv("LCD_ADDRESS") != null) {
                socket = Path.of(System.getenv("LCD_ADDRESS"));
            }
            if (socket == null) {
                if (new UnixSystem().getUid() != 0) {
                    throw new CliException("lcd needs root (it runs containers)");
                }
                socket = EmbeddedDaemon.ensureRunning(layout(), containerdBinary());
            }
            Containerd early = preconnect == null ? null : preconnect.take(socket);
            preconnect = null;
            containerd = early != null ? early : Containerd.connect(socket);
        }
        return containerd;
    }

    /** The client of {@link #namespace()}, created on first use; its events reach {@link #events()}. */
    public synchronized Client client() {
        if (client == null) {
            client = Client.create(containerd(), layout().clientState(), namespace, events);
            Reaper.reap(this);
        }
        return client;
    }

    /** The networks under the state dir, opened on first use. */
    public synchronized Networks networks() {
        if (networks == null) {
            networks = Networks.open(layout().networkState());
        }
        return networks;
    }

    /** Where to subscribe to the client's events; subscribe before the action that causes them. */
    public EventHub events() {
        return events;
    }

    @Override
    public synchronized void close() {
        if (preconnect != null) {
            preconnect.discard();
            preconnect = null;
        }
        if (networks != null) {
            networks.close();
            networks = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
        if (containerd != null) {
            containerd.close();
            containerd = null;
        }
    }
}
