package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.testing.ClassRegistry;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestImages.Built;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pull → unpack → run against a real docker-registry and the test containerd. */
class ImagePullIT {
    private static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final ClassRegistry registry = new ClassRegistry();

    private static Built twoLayers;
    private static Built zstdImage;
    private static Built armOnly;

    private Containerd containerd;
    private Images images;
    private String ns;

    @BeforeAll
    static void pushImages() throws Exception {
        byte[] base = TestImages.baseLayer();
        twoLayers = TestImages.image(
                List.of(base, TestImages.fileLayer("data/hello.txt", "hello from layer two\n")),
                "gzip",
                TestImages.hostArch(),
                List.of("sh", "-c", "cat hello.txt; echo $GREETING; pwd; id -u"),
                List.of("GREETING=hi-from-env"),
                "/data",
                "app");
        TestImages.push(registry.url(), "test/two", "v1", twoLayers, null);
        zstdImage = TestImages.image(
                List.of(base, TestImages.fileLayer("data/z.txt", "zstd layer\n")),
                "zstd",
                TestImages.hostArch(),
                List.of("cat", "/data/z.txt"),
                List.of(),
                "",
                "");
        Built other = TestImages.image(
                List.of(TestImages.fileLayer("x", "other arch\n")),
                "none",
                otherArch(),
                List.of("true"),
                List.of(),
                "",
                "");
        TestImages.pushBlobs(registry.url(), "test/multi", zstdImage, null);
        TestImages.pushBlobs(registry.url(), "test/multi", other, null);
        TestImages.putManifest(
                registry.url(), "test/multi", zstdImage.manifest().digest(), zstdImage.manifest(), null);
        TestImages.putManifest(registry.url(), "test/multi", other.manifest().digest(), other.manifest(), null);
        TestImages.putManifest(
                registry.url(),
                "test/multi",
                "latest",
                TestImages.index(List.of(other, zstdImage), List.of(otherArch(), TestImages.hostArch())),
                null);
        armOnly = other;
        TestImages.push(registry.url(), "test/other", "latest", other, null);
    }

    static String otherArch() {
        return TestImages.hostArch().equals("arm64") ? "amd64" : "arm64";
    }

    @BeforeEach
    void setUp() {
        containerd = TestDaemon.get().containerd();
        ns = "img" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
        images = Images.of(containerd, ns);
    }

    private String ref(String repoTag) {
        return registry.host() + "/" + repoTag;
    }

    @Test
    void pullUnpackAndRunSeesTheImagesFilesEnvWorkdirAndUser() throws Exception {
        List<BlobProgress> progress = new CopyOnWriteArrayList<>();
        Image image = images.pull(
                ref("test/two:v1"),
                PullOptions.builder().progress(progress::add).build());

        assertThat(image.name()).isEqualTo(registry.host() + "/test/two:v1");
        assertThat(image.target().digest()).isEqualTo(twoLayers.manifest().digest());
        assertThat(images.list()).extracting(Image::name).containsExactly(image.name());
        assertThat(progress)
                .filteredOn(p -> p.state() == BlobProgress.State.DONE)
                .extracting(BlobProgress::digest)
                .containsExactlyInAnyOrder(
                        twoLayers.layers().get(0).digest(),
                        twoLayers.layers().get(1).digest());
        assertThat(ImageTestSupport.ctr(ns, "images", "ls", "-q")).contains(image.name());
        String top = images.unpack(image.name(), Images.DEFAULT_SNAPSHOTTER); // already unpacked: a no-op
        assertThat(ImageTestSupport.ctr(ns, "snapshots", "--snapshotter", "overlayfs", "ls"))
                .contains(top);
        assertThat(images.size(image.name()))
                .isEqualTo(twoLayers.config().data().length
                        + twoLayers.layers().get(0).data().length
                        + twoLayers.layers().get(1).data().length);

        ImageTestSupport.Run run =
                ImageTestSupport.run(containerd, images, ns, image.name(), "run1", RunOverrides.NONE);
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("hello from layer two\nhi-from-env\n/data\n1000\n");

        // docker's override rules: a command replaces CMD, -e adds, -w and -u replace
        ImageTestSupport.Run over = ImageTestSupport.run(
                containerd,
                images,
                ns,
                image.name(),
                "run2",
                RunOverrides.command("sh", "-c", "echo $GREETING $X; pwd; id -u")
                        .withEnv("X=extra", "GREETING=over")
                        .withWorkingDir("/tmp")
                        .withUser("0"));
        assertThat(over.stdout()).isEqualTo("over extra\n/tmp\n0\n");
    }

    @Test
    void aSecondPullSkipsPresentBlobsAndCtrCanRunTheImage() throws Exception {
        images.pull(ref("test/two:v1"), PullOptions.defaults());
        List<BlobProgress> second = new CopyOnWriteArrayList<>();
        images.pull(
                ref("test/two:v1"), PullOptions.builder().progress(second::add).build());
        assertThat(second).extracting(BlobProgress::state).containsOnly(BlobProgress.State.EXISTS);
        // containerd's own client accepts what we wrote: it can unpack-check and run it
        String out =
                ImageTestSupport.ctr(ns, "run", "--rm", ref("test/two:v1"), "ctr-run1", "/bin/cat", "/data/hello.txt");
        assertThat(out).contains("hello from layer two");
    }

    @Test
    void anIndexResolvesToTheHostPlatformAndZstdLayersUnpack() throws Exception {
        Image image = images.pull(ref("test/multi:latest"), PullOptions.defaults());
        assertThat(image.target().mediaType()).isEqualTo(TestImages.OCI_INDEX);
        assertThat(images.config(image.name()).platform().architecture()).isEqualTo(TestImages.hostArch());
        assertThat(ImageTestSupport.run(containerd, images, ns, image.name(), "z1", RunOverrides.NONE)
                        .stdout())
                .isEqualTo("zstd layer\n");
        // only the host's manifest was fetched
        List<String> digests = ImageTestSupport.contentDigests(containerd, ns);
        assertThat(digests).doesNotContain(armOnly.manifest().digest());
    }

    @Test
    void anImageForAnotherPlatformOnlyIsRefusedWithNothingLeft() {
        assertThatThrownBy(() -> images.pull(ref("test/other:latest"), PullOptions.defaults()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(otherArch());
        assertThatThrownBy(() -> images.pull(
                        ref("test/multi:latest"),
                        PullOptions.builder()
                                .platform(Platform.parse("linux/s390x"))
                                .build()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("no image for linux/s390x");
        assertThat(images.list()).isEmpty();
    }

    @Test
    void dockerSchema2MediaTypesPullAndRun() throws Exception {
        Built docker = TestImages.docker(TestImages.image(
                List.of(TestImages.baseLayer("docker-types"), TestImages.fileLayer("data/d.txt", "docker types\n")),
                "gzip",
                TestImages.hostArch(),
                List.of("cat", "/data/d.txt"),
                List.of(TestImagesPath.PATH),
                "",
                ""));
        TestImages.push(registry.url(), "test/docker", "v1", docker, null);
        Image image = images.pull(ref("test/docker:v1"), PullOptions.defaults());
        assertThat(image.target().mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(ImageTestSupport.run(containerd, images, ns, image.name(), "dock", RunOverrides.NONE)
                        .stdout())
                .isEqualTo("docker types\n");
    }

    @Test
    void unknownRepositoryOrTagIsNotFound() {
        assertThatThrownBy(() -> images.pull(ref("test/two:nope"), PullOptions.defaults()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> images.pull(ref("no/such:v1"), PullOptions.defaults()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> images.get("no/such:v1")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> images.pull("docker.io/Library/Busybox", PullOptions.defaults()))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(images.list()).isEmpty();
    }

    @Test
    void aCorruptBlobFailsTheDigestCheckAndLeavesNoImageNorContent() throws Exception {
        byte[] base = TestImages.baseLayer();
        Built img = TestImages.image(
                List.of(base, TestImages.fileLayer("c.txt", "to be corrupted\n")),
                "gzip",
                TestImages.hostArch(),
                List.of("true"),
                List.of(),
                "",
                "");
        TestImages.push(registry.url(), "test/corrupt", "v1", img, null);
        var file = registry.blobFile(img.layers().get(1).digest());
        byte[] data = Files.readAllBytes(file);
        data[data.length / 2] ^= 0x55;
        Files.write(file, data);

        assertThatThrownBy(() -> images.pull(ref("test/corrupt:v1"), PullOptions.defaults()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(img.layers().get(1).digest());
        assertThat(images.list()).isEmpty();
        List<String> digests = ImageTestSupport.contentDigests(containerd, ns);
        assertThat(digests)
                .doesNotContain(img.layers().get(1).digest(), img.manifest().digest());
        assertThat(ImageTestSupport.ctr(ns, "content", "active"))
                .doesNotContain(img.layers().get(1).digest());
    }

    @Test
    void removeWithSyncGcLeavesNoContentNorSnapshots() throws Exception {
        Image image = images.pull(ref("test/two:v1"), PullOptions.defaults());
        assertThat(ImageTestSupport.ctr(ns, "snapshots", "ls")).contains("sha256:");
        images.remove(image.name(), true);
        assertThat(images.list()).isEmpty();
        assertThat(ImageTestSupport.ctr(ns, "content", "ls", "-q").trim()).isEmpty();
        assertThat(ImageTestSupport.ctr(ns, "snapshots", "ls")).doesNotContain("sha256:");
        assertThatThrownBy(() -> images.remove(image.name(), true)).isInstanceOf(NotFoundException.class);
    }
}
