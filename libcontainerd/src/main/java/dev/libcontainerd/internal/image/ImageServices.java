package dev.libcontainerd.internal.image;

import containerd.services.content.v1.ContentGrpc;
import containerd.services.diff.v1.DiffGrpc;
import containerd.services.images.v1.ImagesGrpc;
import containerd.services.leases.v1.LeasesGrpc;
import containerd.services.snapshots.v1.SnapshotsGrpc;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.Connections;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The image services' stubs for one namespace, optionally inside a lease. The only class of
 * this package that reaches containerd's transport.
 */
final class ImageServices {
    /** containerd's gRPC metadata key that puts a call's new resources under a lease. */
    static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);
    /** Deadline of calls that move a blob or a layer (a write stream, an apply). */
    static final Duration LONG_CALL = Duration.ofMinutes(30);

    private final Connection connection;
    private final String namespace;
    private final String lease;

    private ImageServices(Connection connection, String namespace, String lease) {
        this.connection = connection;
        this.namespace = namespace;
        this.lease = lease;
    }

    static ImageServices of(Containerd containerd, String namespace) {
        return new ImageServices(Connections.of(containerd), namespace, null);
    }

    /** The same services with every call inside {@code leaseId}. */
    ImageServices withLease(String leaseId) {
        return new ImageServices(connection, namespace, leaseId);
    }

    String namespace() {
        return namespace;
    }

    private <S extends AbstractStub<S>> S scoped(S stub, Duration timeout) {
        S s = connection.scoped(stub, namespace);
        if (lease != null) {
            Metadata md = new Metadata();
            md.put(LEASE_HEADER, lease);
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        return s.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    ContentGrpc.ContentBlockingStub content() {
        return scoped(ContentGrpc.newBlockingStub(connection.channel()), connection.callTimeout());
    }

    /** Blocking content stub for reading a whole blob. */
    ContentGrpc.ContentBlockingStub contentLong() {
        return scoped(ContentGrpc.newBlockingStub(connection.channel()), LONG_CALL);
    }

    ContentGrpc.ContentStub contentAsync() {
        return scoped(ContentGrpc.newStub(connection.channel()), LONG_CALL);
    }

    ImagesGrpc.ImagesBlockingStub images() {
        return scoped(ImagesGrpc.newBlockingStub(connection.channel()), connection.callTimeout());
    }

    /** Images stub for a delete that waits for containerd's garbage collection. */
    ImagesGrpc.ImagesBlockingStub imagesLong() {
        return scoped(ImagesGrpc.newBlockingStub(connection.channel()), LONG_CALL);
    }

    LeasesGrpc.LeasesBlockingStub leases() {
        return scoped(LeasesGrpc.newBlockingStub(connection.channel()), LONG_CALL);
    }

    SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
        return scoped(SnapshotsGrpc.newBlockingStub(connection.channel()), connection.callTimeout());
    }

    DiffGrpc.DiffBlockingStub diff() {
        return scoped(DiffGrpc.newBlockingStub(connection.channel()), LONG_CALL);
    }
}
