package dev.libcontainerd.image;

import static org.awaitility.Awaitility.await;

import containerd.services.content.v1.ContentGrpc;
import containerd.services.content.v1.ListContentRequest;
import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.Connections;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Running an image's process through the Client (a container on the image's snapshot, stdout to
 * a log file), and looks into containerd's stores.
 */
final class ImageTestSupport {
    private ImageTestSupport() {}

    /** Runs the image's (overridden) process to its end; returns its exit code and stdout. */
    record Run(int exitCode, String stdout) {}

    static Run run(Containerd containerd, Images images, String ns, String image, String id, RunOverrides o)
            throws Exception {
        ContainerRootfs rootfs = images.prepareRootfs(image, Images.DEFAULT_SNAPSHOTTER, id);
        Path out = Files.createTempFile(TestDaemon.get().dir(), id, ".out");
        Files.delete(out);
        RecordingBackend backend = new RecordingBackend();
        try (Client client = Client.create(containerd, TestDaemon.get().dir().resolve("img-state"), ns, backend)) {
            try {
                client.create(id, images.spec(rootfs, id, o).build(), null, rootfs.snapshot());
            } finally {
                images.release(rootfs); // the container record keeps the snapshot now
            }
            try {
                client.start(id, null, Stdio.logFile(out));
                int code = backend.awaitExit(id, id).exitCode();
                client.deleteTask(id);
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out));
                return new Run(code, Files.readString(out));
            } finally {
                client.delete(id); // and with it the snapshot
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The digests in the namespace's content store. */
    static List<String> contentDigests(Containerd cd, String ns) {
        List<String> digests = new ArrayList<>();
        Connection c = Connections.of(cd);
        c.scoped(ContentGrpc.newBlockingStub(c.channel()), ns)
                .list(ListContentRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getInfoList().forEach(i -> digests.add(i.getDigest())));
        return digests;
    }

    /** Runs {@code ctr} against the test daemon in {@code ns}; returns its stdout. */
    static String ctr(String ns, String... args) throws Exception {
        Require.binary("ctr");
        List<String> cmd = new ArrayList<>(
                List.of("ctr", "--address", TestDaemon.get().socket().toString(), "-n", ns));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("ctr " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
