package dev.libcontainerd.internal.client;

import com.google.protobuf.Any;
import containerd.runc.v1.Options;
import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.CreateContainerRequest;
import containerd.services.containers.v1.DeleteContainerRequest;
import containerd.services.snapshots.v1.RemoveSnapshotRequest;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.RuntimeOptions;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.grpc.AlreadyExistsException;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.oci.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Container records: create, delete, and the spec facts a start needs. */
final class Containers {
    private static final Logger log = LoggerFactory.getLogger(Containers.class);
    static final String RUNTIME = "io.containerd.runc.v2";

    private final ClientContext ctx;
    private final EventRouter router;

    Containers(ClientContext ctx, EventRouter router) {
        this.ctx = ctx;
        this.router = router;
    }

    void create(String id, Spec spec, RuntimeOptions runtimeOptions, ContainerSnapshot snapshot) {
        Ids.check("container id", id);
        SpecChecks.container(spec, snapshot != null);
        Any options = TypeUrls.pack(toProto(runtimeOptions));
        Container.Builder record = Container.newBuilder()
                .setId(id)
                .setRuntime(Container.Runtime.newBuilder().setName(RUNTIME).setOptions(options))
                .setSpec(TypeUrls.json(TypeUrls.SPEC, spec.toJson()));
        if (snapshot != null) {
            record.setImage(snapshot.image())
                    .setSnapshotter(snapshot.snapshotter())
                    .setSnapshotKey(snapshot.key());
        }
        Container container = record.build();
        try {
            ctx.rpc()
                    .containers(
                            "create container " + id,
                            c -> c.create(CreateContainerRequest.newBuilder()
                                    .setContainer(container)
                                    .build()));
        } catch (AlreadyExistsException e) {
            throw new ConflictException("id already in use: " + id, e, e.grpcStatus());
        }
        ContainerRecord rec = ctx.records().fresh(id); // an id used before starts with a clean OOM flag
        rec.runtimeOptions = options;
        rec.snapshot = snapshot;
        rec.terminal = spec.process().terminal();
    }

    void delete(String id) {
        Ids.check("container id", id);
        // containerd's container delete does not look at tasks: the check is ours to make. A
        // task this client deleted, with none created since, needs no lookup.
        ContainerRecord known = ctx.records().get(id);
        if (known == null || !known.specKnown()) {
            known = known(id); // a fresh client must learn whether a snapshot is to be removed
        }
        boolean taskGone = known.task == ContainerRecord.Task.DELETED;
        if (!taskGone && ctx.lookup().hasTask(id)) {
            throw new ConflictException("cannot delete container " + id + ": it has a task (delete the task first)");
        }
        try {
            ctx.rpc()
                    .containers(
                            "delete container " + id,
                            c -> c.delete(DeleteContainerRequest.newBuilder()
                                    .setId(id)
                                    .build()));
        } catch (NotFoundException e) {
            throw new NotFoundException("no such container: " + id, e, e.grpcStatus());
        }
        ContainerRecord rec = ctx.records().remove(id);
        if (rec != null) {
            router.vanished(rec); // its task is gone: whatever was not reported exits now
            rec.closeAll();
        }
        Dirs.removeTree(ctx.bundleDir(id));
        if (known.snapshot != null) {
            removeSnapshot(id, known.snapshot);
        }
    }

    /** The record with the spec facts known, read from containerd if this client did not create it. */
    ContainerRecord known(String id) {
        ContainerRecord rec = ctx.records().getOrCreate(id);
        if (!rec.specKnown()) {
            learnSpec(rec, ctx.lookup().container(id));
        }
        return rec;
    }

    /** The container's own snapshot goes with it, as with containerd's client. */
    private void removeSnapshot(String id, ContainerSnapshot s) {
        try {
            ctx.rpc()
                    .snapshots(
                            "remove snapshot of " + id,
                            c -> c.remove(RemoveSnapshotRequest.newBuilder()
                                    .setSnapshotter(s.snapshotter())
                                    .setKey(s.key())
                                    .build()));
        } catch (NotFoundException e) {
            // removed already
        } catch (ContainerdException e) {
            log.warn("snapshot {} of deleted container {} could not be removed: {}", s.key(), id, e.getMessage());
        }
    }

    static void learnSpec(ContainerRecord rec, Container c) {
        if (!c.getSnapshotKey().isEmpty()) {
            rec.snapshot = new ContainerSnapshot(c.getImage(), c.getSnapshotter(), c.getSnapshotKey());
        }
        try {
            Spec spec = Spec.fromJson(c.getSpec().getValue().toStringUtf8());
            rec.runtimeOptions = c.getRuntime().hasOptions() ? c.getRuntime().getOptions() : null;
            rec.terminal = spec.process() != null && spec.process().terminal();
        } catch (RuntimeException e) {
            throw new SystemException("failed to retrieve spec of " + c.getId() + ": " + e.getMessage(), e);
        }
    }

    static Options toProto(RuntimeOptions o) {
        Options.Builder b = Options.newBuilder();
        if (o == null) {
            return b.build();
        }
        o.binaryName().ifPresent(b::setBinaryName);
        o.root().ifPresent(b::setRoot);
        o.criuPath().ifPresent(b::setCriuPath);
        o.shimCgroup().ifPresent(b::setShimCgroup);
        return b.setSystemdCgroup(o.systemdCgroup())
                .setNoPivotRoot(o.noPivotRoot())
                .setNoNewKeyring(o.noNewKeyring())
                .setIoUid(o.ioUid())
                .setIoGid(o.ioGid())
                .build();
    }
}
