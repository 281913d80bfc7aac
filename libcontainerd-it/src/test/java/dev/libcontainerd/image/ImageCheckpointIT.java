package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.CheckpointSupport;
import dev.libcontainerd.Client;
import dev.libcontainerd.RestoreResult;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ChildJvm;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.StartChild;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Containers over image snapshots survive what the others do: a checkpoint and restore (CRIU; a
 * failure under CI when it does not work here, else skipped) and a new JVM taking over.
 */
class ImageCheckpointIT extends ClientTestBase {
    private static final CheckpointSupport CRIU = CheckpointSupport.probe();

    private static final String COUNTER = "echo kept > /data/f; i=0; while :; do i=$((i+1)); echo $i; sleep 0.1; done";

    /** A container of a two-layer image whose command counts, over its own snapshot. */
    private String imageContainer(String prefix, List<String> cmd) throws Exception {
        Images images = Images.of(TestDaemon.get().containerd(), ns);
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "imgck");
        TestImages.layout(
                dir.resolve("oci"),
                TestImages.image(
                        List.of(TestImages.baseLayer(), TestImages.fileLayer("data/a.txt", "image\n")),
                        "gzip",
                        TestImages.hostArch(),
                        cmd,
                        List.of(TestImagesPath.PATH),
                        "/data",
                        ""),
                "v1");
        images.importArchive(dir.resolve("oci"), "local/ck");
        String id = id(prefix);
        ContainerRootfs rootfs = images.prepareRootfs("local/ck:v1", Images.DEFAULT_SNAPSHOTTER, id);
        client.create(id, images.spec(rootfs, id, RunOverrides.NONE).build(), runtime(), rootfs.snapshot());
        images.release(rootfs);
        return id;
    }

    private static int lastNumber(String out) {
        String[] lines = out.trim().split("\\s+");
        return Integer.parseInt(lines[lines.length - 1].trim());
    }

    private String ctrSnapshots() throws Exception {
        return ImageTestSupport.ctr(ns, "snapshots", "--snapshotter", Images.DEFAULT_SNAPSHOTTER, "ls");
    }

    @Test
    void aCheckpointedImageContainerRestoresWithItsLayer() throws Exception {
        if (Require.ci()) {
            assertThat(CRIU.supported())
                    .as("CI=true, but 'criu check' fails: " + CRIU.reason())
                    .isTrue();
        }
        assumeThat(CRIU.supported()).as("criu check: " + CRIU.reason()).isTrue();
        String id = imageContainer("imgck", List.of("sh", "-c", COUNTER));
        Capture before = new Capture();
        client.start(id, null, false, before);
        await().until(() -> before.out().split("\n").length > 5);
        Path dir = Files.createTempDirectory(stateDir.getParent(), "ckpt");
        client.createCheckpoint(id, dir, true);
        backend.awaitExit(id, id);
        int last = lastNumber(before.awaitEof().out());
        client.deleteTask(id);

        Capture after = new Capture();
        client.start(id, dir, false, after);
        await().until(() -> !after.out().isBlank() && lastNumber(after.out()) > last + 3);
        assertThat(Integer.parseInt(after.out().trim().split("\\s+")[0])).isGreaterThan(last);
        // the restored process runs on the same writable layer, over the image's files
        Capture cat = new Capture();
        client.exec(id, "cat", Specs.process(false, "cat", "/data/f", "/data/a.txt"), false, cat);
        assertThat(cat.awaitEof().out()).isEqualTo("kept\nimage\n");

        client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
        backend.awaitExit(id, id);
        client.deleteTask(id);
        client.delete(id);
        assertThat(ctrSnapshots()).doesNotContain(id);
    }

    @Test
    void aNewJvmRestoresARunningImageContainer() throws Exception {
        String id = imageContainer("imgjvm", List.of("sh", "-c", "while read l; do echo got:$l; done"));
        client.close(); // this test's process plays the new JVM below

        ChildJvm child =
                ChildJvm.start(StartChild.class, TestDaemon.get().socket().toString(), stateDir.toString(), ns, id);
        int pid;
        try {
            pid = Integer.parseInt(child.awaitReady()[0]);
        } finally {
            child.kill();
        }

        backend = new RecordingBackend();
        client = Client.create(TestDaemon.get().containerd(), stateDir, ns, backend);
        Capture cap = new Capture();
        assertThat(client.restore(id, cap)).isEqualTo(new RestoreResult(true, pid));
        cap.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
        cap.stdin().flush();
        await().until(() -> cap.out().contains("got:hello\n"));
        Capture cat = new Capture();
        client.exec(id, "cat", Specs.process(false, "cat", "/data/a.txt"), false, cat);
        assertThat(cat.awaitEof().out()).isEqualTo("image\n");

        cap.stdin().close();
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        // a stopped task of the new JVM starts again on the same snapshot, then both go
        client.deleteTask(id);
        Capture again = new Capture();
        client.start(id, null, true, again);
        again.stdin().write("again\n".getBytes(StandardCharsets.UTF_8));
        again.stdin().close();
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(again.awaitEof().out()).isEqualTo("got:again\n");
        client.deleteTask(id);
        client.delete(id);
        assertThat(ctrSnapshots()).doesNotContain(id);
    }
}
