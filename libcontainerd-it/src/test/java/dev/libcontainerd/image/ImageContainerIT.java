package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.Client;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.oci.Spec;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestImages.Built;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containers over image snapshots through the Client: create, start, exec, a new client, delete. */
class ImageContainerIT extends ClientTestBase {
    private static Built image() throws Exception {
        return TestImages.image(
                List.of(TestImages.baseLayer(), TestImages.fileLayer("data/a.txt", "from the image\n")),
                "gzip",
                TestImages.hostArch(),
                List.of("cat", "/data/a.txt"),
                List.of(TestImagesPath.PATH),
                "/data",
                "");
    }

    @Test
    void aContainerRunsOnItsImagesSnapshotWhichGoesWithIt() throws Exception {
        Images images = Images.of(TestDaemon.get().containerd(), ns);
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "imgc");
        TestImages.layout(dir.resolve("oci"), image(), "v1");
        images.importArchive(dir.resolve("oci"), "local/app");
        images.unpack("local/app:v1", "overlayfs");

        String id = id("img");
        ContainerRootfs rootfs = images.prepareRootfs("local/app:v1", "overlayfs", id);
        Spec spec = images.spec(rootfs, id, RunOverrides.NONE).build();
        assertThat(spec.root().path()).isEqualTo("rootfs");
        client.create(id, spec, null, rootfs.snapshot());
        images.release(rootfs); // the container record holds the snapshot now
        ContainerInfo info = client.inspect(id);
        assertThat(info.image()).isEqualTo("docker.io/local/app:v1");

        Capture out = new Capture();
        client.start(id, null, false, out);
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(out.awaitEof().out()).isEqualTo("from the image\n");
        client.deleteTask(id);

        // a new client (as a new JVM would) learns the snapshot from the container record
        RecordingBackend second = new RecordingBackend();
        try (Client again = Client.create(TestDaemon.get().containerd(), stateDir, ns, second)) {
            Capture out2 = new Capture();
            again.start(id, null, false, out2);
            assertThat(second.awaitExit(id, id).exitCode()).isZero();
            assertThat(out2.awaitEof().out()).isEqualTo("from the image\n");
            again.deleteTask(id);
            again.delete(id);
        }
        assertThat(ImageTestSupport.ctr(ns, "snapshots", "--snapshotter", "overlayfs", "ls"))
                .doesNotContain(id);
        assertThatThrownBy(() -> client.inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aMovedSnapshotKeepsTheLayerAndNothingStaysAfterGc() throws Exception {
        Images images = Images.of(TestDaemon.get().containerd(), ns);
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "imgmv");
        TestImages.layout(dir.resolve("oci"), image(), "v1");
        images.importArchive(dir.resolve("oci"), "local/mv");

        String from = id("mv-a");
        ContainerRootfs rootfs = images.prepareRootfs("local/mv:v1", "overlayfs", from);
        Spec spec = images.spec(
                        rootfs, from, RunOverrides.command("sh", "-c", "cat /data/f 2>/dev/null || echo x > /data/f"))
                .build();
        client.create(from, spec, null, rootfs.snapshot());
        images.release(rootfs);
        client.start(from, null, false, new Capture());
        assertThat(backend.awaitExit(from, from).exitCode()).isZero();
        client.deleteTask(from);

        // re-created under another id, as lcd rename does: the layer written by the first run moves along
        String to = id("mv-b");
        assertThatThrownBy(() -> images.moveRootfs(new ContainerSnapshot("x", "overlayfs", "no-such-key"), to))
                .isInstanceOf(NotFoundException.class);
        ContainerRootfs moved = images.moveRootfs(new ContainerSnapshot(rootfs.image(), "overlayfs", from), to);
        client.create(to, spec, null, moved.snapshot());
        images.release(moved);
        client.delete(from); // its key is gone: nothing of the moved layer goes with it
        Capture out = new Capture();
        client.start(to, null, false, out);
        assertThat(backend.awaitExit(to, to).exitCode()).isZero();
        assertThat(out.awaitEof().out()).isEqualTo("x\n");
        client.deleteTask(to);
        client.delete(to);

        images.remove("local/mv:v1", true); // a synchronous GC: the committed layer below goes too
        String left = ImageTestSupport.ctr(ns, "snapshots", "--snapshotter", "overlayfs", "ls");
        assertThat(left).doesNotContain(from).doesNotContain(to);
    }

    @Test
    void anAbsoluteRootOnASnapshotIsRefused() {
        String id = id("imgbad");
        assertThatThrownBy(() -> client.create(
                        id, Specs.spec(ns, id, false, "true"), null, new ContainerSnapshot("x", "overlayfs", id)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("relative");
    }
}
