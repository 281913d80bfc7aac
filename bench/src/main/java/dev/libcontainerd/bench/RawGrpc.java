package dev.libcontainerd.bench;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.CreateContainerRequest;
import containerd.services.containers.v1.DeleteContainerRequest;
import containerd.services.tasks.v1.CreateTaskRequest;
import containerd.services.tasks.v1.DeleteTaskRequest;
import containerd.services.tasks.v1.StartRequest;
import containerd.services.tasks.v1.TasksGrpc;
import containerd.services.tasks.v1.WaitRequest;
import containerd.services.tasks.v1.WaitResponse;
import dev.libcontainerd.internal.grpc.Connection;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The floor, for profiling only: the same RPCs a lifecycle needs, straight on the library's
 * channel without the library (no stdio, no events: it waits with Tasks.Wait as ctr does).
 * library - raw is what the library adds; ctr - raw is what ctr adds.
 */
final class RawGrpc {
    static final String NS = "bench-raw";
    private final Connection conn;
    private final SpecJson specs;

    RawGrpc(Connection conn, SpecJson specs) {
        this.conn = conn;
        this.specs = specs;
    }

    /** One lifecycle; returns ms since start at each step. */
    Map<String, Double> lifecycle(String id) throws Exception {
        Map<String, Double> m = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        String json = specs.spec(NS, id, "echo", "hi").toJson();
        conn.containers(NS).create(CreateContainerRequest.newBuilder().setContainer(Container.newBuilder()
                .setId(id)
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                .setSpec(Any.newBuilder().setTypeUrl(dev.libcontainerd.internal.grpc.TypeUrls.SPEC)
                        .setValue(ByteString.copyFromUtf8(json))))
                .build());
        m.put("Containers.Create", Bench.ms(t0, System.nanoTime()));
        conn.tasks(NS).create(CreateTaskRequest.newBuilder().setContainerId(id).build());
        m.put("Tasks.Create", Bench.ms(t0, System.nanoTime()));
        CompletableFuture<Long> exited = new CompletableFuture<>();
        conn.scoped(TasksGrpc.newStub(conn.channel()), NS).wait(
                WaitRequest.newBuilder().setContainerId(id).build(), new StreamObserver<WaitResponse>() {
                    @Override
                    public void onNext(WaitResponse r) {
                        exited.complete(System.nanoTime());
                    }

                    @Override
                    public void onError(Throwable t) {
                        exited.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        conn.tasks(NS).start(StartRequest.newBuilder().setContainerId(id).build());
        m.put("Tasks.Start", Bench.ms(t0, System.nanoTime()));
        long exit = exited.get(30, TimeUnit.SECONDS);
        m.put("Tasks.Wait returns", Bench.ms(t0, exit));
        conn.tasks(NS).delete(DeleteTaskRequest.newBuilder().setContainerId(id).build());
        m.put("Tasks.Delete", Bench.ms(t0, System.nanoTime()));
        conn.containers(NS).delete(DeleteContainerRequest.newBuilder().setId(id).build());
        m.put("Containers.Delete", Bench.ms(t0, System.nanoTime()));
        return m;
    }
}
