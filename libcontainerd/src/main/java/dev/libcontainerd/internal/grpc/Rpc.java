package dev.libcontainerd.internal.grpc;

import containerd.services.containers.v1.ContainersGrpc;
import containerd.services.snapshots.v1.SnapshotsGrpc;
import containerd.services.tasks.v1.TasksGrpc;
import dev.libcontainerd.errdefs.ContainerdException;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one path by which a client's control calls reach containerd: stubs bound once to the
 * client's namespace, a deadline on every call, and every failure mapped to the {@code errdefs}
 * hierarchy in one place ({@link GrpcErrors}). Operations above it see typed exceptions only.
 */
public final class Rpc {
    private final Duration timeout;
    private final TasksGrpc.TasksBlockingStub tasks;
    private final ContainersGrpc.ContainersBlockingStub containers;
    private final SnapshotsGrpc.SnapshotsBlockingStub snapshots;

    public Rpc(Connection connection, String namespace) {
        Metadata md = new Metadata();
        md.put(Connection.NAMESPACE_HEADER, namespace);
        var header = MetadataUtils.newAttachHeadersInterceptor(md);
        this.timeout = connection.callTimeout();
        this.tasks = TasksGrpc.newBlockingStub(connection.channel()).withInterceptors(header);
        this.containers = ContainersGrpc.newBlockingStub(connection.channel()).withInterceptors(header);
        this.snapshots = SnapshotsGrpc.newBlockingStub(connection.channel()).withInterceptors(header);
    }

    /** The deadline of control calls. */
    public Duration timeout() {
        return timeout;
    }

    /** A Tasks call with the control deadline; failures mapped, prefixed with {@code what}. */
    public <T> T tasks(String what, Function<TasksGrpc.TasksBlockingStub, T> call) {
        return tasks(what, timeout, call);
    }

    /** A long Tasks call (checkpoint, restore) with its own deadline. */
    public <T> T tasks(String what, Duration deadline, Function<TasksGrpc.TasksBlockingStub, T> call) {
        return run(what, tasks.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), call);
    }

    /** A Containers call with the control deadline. */
    public <T> T containers(String what, Function<ContainersGrpc.ContainersBlockingStub, T> call) {
        return run(what, containers.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS), call);
    }

    /** A Snapshots call with the control deadline. */
    public <T> T snapshots(String what, Function<SnapshotsGrpc.SnapshotsBlockingStub, T> call) {
        return run(what, snapshots.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS), call);
    }

    private static <S, T> T run(String what, S stub, Function<S, T> call) {
        try {
            return call.apply(stub);
        } catch (ContainerdException e) {
            throw e;
        } catch (RuntimeException e) {
            throw GrpcErrors.map(what, e);
        }
    }
}
