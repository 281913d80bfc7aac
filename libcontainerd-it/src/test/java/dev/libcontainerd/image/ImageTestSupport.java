package dev.libcontainerd.image;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import containerd.services.containers.v1.Container;
import containerd.services.content.v1.ContentGrpc;
import containerd.services.content.v1.ListContentRequest;
import containerd.services.containers.v1.CreateContainerRequest;
import containerd.services.containers.v1.DeleteContainerRequest;
import containerd.services.tasks.v1.CreateTaskRequest;
import containerd.services.tasks.v1.DeleteTaskRequest;
import containerd.services.tasks.v1.StartRequest;
import containerd.services.tasks.v1.WaitRequest;
import containerd.types.Mount;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.oci.Spec;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the client will do for a container from an image, done here with containerd's stubs
 * directly: container record with image/snapshotter/snapshot_key, Tasks.Create with the
 * snapshot's mounts and stdout to a file, start, wait, delete, remove the snapshot.
 */
final class ImageTestSupport {
    private ImageTestSupport() {}

    /** Runs the image's (overridden) process to its end; returns its exit code and stdout. */
    record Run(int exitCode, String stdout) {}

    static Run run(Containerd containerd, Images images, String ns, String image, String id, RunOverrides o)
            throws Exception {
        Connection c = containerd.connection();
        ContainerRootfs rootfs = images.prepareRootfs(image, Images.DEFAULT_SNAPSHOTTER, id);
        Path out = Files.createTempFile(TestDaemon.get().dir(), id, ".out");
        try {
            Spec spec = images.spec(rootfs, id, o).build();
            c.containers(ns).create(CreateContainerRequest.newBuilder().setContainer(Container.newBuilder()
                    .setId(id).setImage(rootfs.image()).setSnapshotter(rootfs.snapshotter())
                    .setSnapshotKey(rootfs.key())
                    .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                    .setSpec(Any.newBuilder().setTypeUrl(TypeUrls.SPEC).setValue(ByteString.copyFromUtf8(spec.toJson()))))
                    .build());
            images.release(rootfs); // the container record now keeps the snapshot
            try {
                List<Mount> mounts = new ArrayList<>();
                // as a client would after a restart: the mounts of the snapshot the record names
                for (SnapshotMount m : images.mounts(rootfs.snapshotter(), rootfs.key())) {
                    mounts.add(Mount.newBuilder().setType(m.type()).setSource(m.source()).addAllOptions(m.options()).build());
                }
                c.tasks(ns).create(CreateTaskRequest.newBuilder().setContainerId(id).addAllRootfs(mounts)
                        .setStdout("file://" + out).setStderr("file://" + out).build());
                try {
                    c.tasks(ns).start(StartRequest.newBuilder().setContainerId(id).build());
                    int code = c.tasks(ns).wait(WaitRequest.newBuilder().setContainerId(id).build()).getExitStatus();
                    return new Run(code, Files.readString(out));
                } finally {
                    c.tasks(ns).delete(DeleteTaskRequest.newBuilder().setContainerId(id).build());
                }
            } finally {
                c.containers(ns).delete(DeleteContainerRequest.newBuilder().setId(id).build());
            }
        } finally {
            images.release(rootfs);
            images.removeRootfs(rootfs.snapshotter(), rootfs.key());
            Files.deleteIfExists(out);
        }
    }

    /** The digests in the namespace's content store. */
    static List<String> contentDigests(Containerd cd, String ns) {
        List<String> digests = new ArrayList<>();
        cd.connection().scoped(ContentGrpc.newBlockingStub(cd.connection().channel()), ns)
                .list(ListContentRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getInfoList().forEach(i -> digests.add(i.getDigest())));
        return digests;
    }

    /** Runs {@code ctr} against the test daemon in {@code ns}; returns its stdout. */
    static String ctr(String ns, String... args) throws Exception {
        Require.binary("ctr");
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", TestDaemon.get().socket().toString(), "-n", ns));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("ctr " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
