package dev.libcontainerd;

import com.google.protobuf.Empty;
import containerd.services.containers.v1.ListContainersRequest;
import containerd.services.namespaces.v1.ListNamespacesRequest;
import containerd.services.namespaces.v1.NamespacesGrpc;
import containerd.services.version.v1.VersionResponse;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.Connections;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A connection to one containerd daemon over its gRPC Unix socket. Thread-safe; share one per
 * daemon. The underlying channel reconnects by itself when the daemon restarts, so the same
 * object keeps working across restarts.
 */
public final class Containerd implements AutoCloseable {
    /** The deadline of control calls unless {@link #connect(Path, Duration)} says otherwise. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    static {
        Connections.install(c -> ((Containerd) c).connection());
    }

    private final Connection connection;

    private Containerd(Connection connection) {
        this.connection = connection;
    }

    /**
     * Connects to containerd's gRPC socket with the default call deadline.
     *
     * @throws UnavailableException if nothing answers on {@code socket}
     */
    public static Containerd connect(Path socket) {
        return connect(socket, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Connects to containerd's gRPC socket; every control call then carries {@code callTimeout}
     * as its deadline.
     *
     * @throws UnavailableException if nothing answers on {@code socket}
     */
    public static Containerd connect(Path socket, Duration callTimeout) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (!Files.exists(socket)) {
            throw new UnavailableException("containerd socket " + socket + " does not exist");
        }
        Containerd c = new Containerd(Connection.open(socket, callTimeout));
        try {
            c.version();
        } catch (RuntimeException e) {
            c.close();
            throw e instanceof UnavailableException
                    ? e
                    : new UnavailableException("containerd at " + socket + " does not answer: " + e.getMessage(), e);
        }
        return c;
    }

    /** The daemon's version and revision. */
    public Version version() {
        try {
            VersionResponse r = connection.version().version(Empty.getDefaultInstance());
            return new Version(r.getVersion(), r.getRevision());
        } catch (RuntimeException e) {
            throw GrpcErrors.map("version", e);
        }
    }

    /** The socket this object talks to. */
    public Path address() {
        return connection.socket();
    }

    /** The transport, for this package; the library's other packages use {@link Connections}. */
    Connection connection() {
        return connection;
    }

    /**
     * The namespaces containerd has, by name.
     *
     * @throws UnavailableException if containerd does not answer
     */
    public List<String> namespaces() {
        try {
            List<String> out = new ArrayList<>();
            connection
                    .control(NamespacesGrpc.newBlockingStub(connection.channel()), "default")
                    .list(ListNamespacesRequest.getDefaultInstance())
                    .getNamespacesList()
                    .forEach(n -> out.add(n.getName()));
            return out;
        } catch (RuntimeException e) {
            throw GrpcErrors.map("list namespaces", e);
        }
    }

    /**
     * The ids of the containers of {@code namespace}, without their specs or tasks (see {@link
     * Client#list()} for those).
     *
     * @throws UnavailableException if containerd does not answer
     */
    public List<String> containerIds(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        try {
            List<String> out = new ArrayList<>();
            connection
                    .containers(namespace)
                    .list(ListContainersRequest.getDefaultInstance())
                    .getContainersList()
                    .forEach(c -> out.add(c.getId()));
            return out;
        } catch (RuntimeException e) {
            throw GrpcErrors.map("list containers of " + namespace, e);
        }
    }

    /** Closes the channel. Clients created on it stop working. */
    @Override
    public void close() {
        connection.close();
    }
}
