package dev.libcontainerd.testing;

import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A test's own containerd, which the test may kill and bring back (the shared {@link TestDaemon}
 * must stay up for the others), with one connection and one {@link Client} in a namespace,
 * reporting to a {@link RecordingBackend}. The set-up of the outage tests.
 */
public final class KillableDaemon implements AutoCloseable {
    private final PrivateContainerd daemon;
    private final Containerd containerd;
    private final RecordingBackend backend;
    private final Client client;

    private KillableDaemon(PrivateContainerd daemon, Containerd containerd, RecordingBackend backend, Client client) {
        this.daemon = daemon;
        this.containerd = containerd;
        this.backend = backend;
        this.client = client;
    }

    /**
     * Starts containerd under a fresh {@code /tmp/<prefix>…} and a client in {@code namespace}
     * (runc keeps state per namespace under a host-wide root: give each test its own). Fails
     * under CI=true, skips elsewhere, where containerd or the runtime is missing.
     */
    public static KillableDaemon start(String prefix, String namespace) throws IOException {
        TestDaemon.require();
        PrivateContainerd daemon = PrivateContainerd.startInTemp(prefix);
        Containerd containerd = null;
        try {
            containerd = Containerd.connect(daemon.socket(), Duration.ofSeconds(5));
            RecordingBackend backend = new RecordingBackend();
            Client client = Client.create(containerd, stateDir(daemon), namespace, backend);
            return new KillableDaemon(daemon, containerd, backend, client);
        } catch (RuntimeException e) {
            if (containerd != null) {
                containerd.close();
            }
            daemon.close();
            throw e;
        }
    }

    /** SIGKILLs containerd (its shims keep running); it stays down until {@link #restart()}. */
    public void kill() {
        daemon.kill();
    }

    /** Brings containerd back on the same directories and socket, once it answers. */
    public void restart() {
        daemon.restart();
    }

    /** containerd's pid, or -1 while it is down. */
    public long pid() {
        return daemon.pid();
    }

    /** The directory of everything this daemon keeps. */
    public Path dir() {
        return daemon.dir();
    }

    /** The client's state directory, {@code dir()/clientstate}. */
    public Path stateDir() {
        return stateDir(daemon);
    }

    private static Path stateDir(PrivateContainerd daemon) {
        return daemon.dir().resolve("clientstate");
    }

    /** The client, in the namespace given at start. */
    public Client client() {
        return client;
    }

    /** What the client reported. */
    public RecordingBackend backend() {
        return backend;
    }

    /** Closes the client and the connection, stops containerd and its shims, removes the dir. */
    @Override
    public void close() {
        try {
            client.close();
            containerd.close();
        } finally {
            daemon.close();
        }
    }
}
