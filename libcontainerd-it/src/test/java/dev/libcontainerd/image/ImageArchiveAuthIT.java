package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.UnauthorizedException;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestImages.Built;
import dev.libcontainerd.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Import and export of archives, and basic auth against a real docker-registry. */
class ImageArchiveAuthIT {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Containerd containerd;
    private Images images;
    private String ns;

    @BeforeEach
    void setUp() {
        containerd = TestDaemon.get().containerd();
        ns = "arc" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
        images = Images.of(containerd, ns);
    }

    private static Built image() throws Exception {
        return TestImages.image(
                List.of(TestImages.baseLayer(), TestImages.fileLayer("data/a.txt", "archived\n")),
                "gzip",
                TestImages.hostArch(),
                List.of("cat", "/data/a.txt"),
                List.of(TestImagesPath.PATH),
                "",
                "");
    }

    @Test
    void anOciLayoutImportsRunsExportsAndImportsAgainUnderTheSameId() throws Exception {
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "layout");
        Built img = image();
        TestImages.layout(dir.resolve("oci"), img, "v1");
        List<Image> imported = images.importArchive(dir.resolve("oci"), "local/archived");
        assertThat(imported).extracting(Image::name).containsExactly("docker.io/local/archived:v1");
        assertThat(ImageTestSupport.run(containerd, images, ns, "local/archived:v1", "arc1", RunOverrides.NONE)
                        .stdout())
                .isEqualTo("archived\n");

        Path tar = dir.resolve("out.tar");
        images.export("local/archived:v1", tar);
        images.remove("local/archived:v1", true);
        assertThat(images.list()).isEmpty();
        List<Image> again = images.importArchive(tar, null);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).name()).isEqualTo("docker.io/local/archived:v1");
        assertThat(again.get(0).id()).isEqualTo(img.manifest().digest());
        assertThat(ImageTestSupport.ctr(ns, "images", "ls", "-q")).contains("docker.io/local/archived:v1");
    }

    @Test
    void aDockerArchiveFromSkopeoImportsAndRuns() throws Exception {
        Require.binary("skopeo");
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "docker");
        TestImages.layout(dir.resolve("oci"), image(), "v1");
        Process p = new ProcessBuilder(
                        "skopeo",
                        "copy",
                        "oci:" + dir.resolve("oci") + ":v1",
                        "docker-archive:" + dir.resolve("d.tar") + ":example.com/team/app:v2")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        List<Image> imported = images.importArchive(dir.resolve("d.tar"), null);
        assertThat(imported).extracting(Image::name).containsExactly("example.com/team/app:v2");
        assertThat(ImageTestSupport.run(containerd, images, ns, "example.com/team/app:v2", "dock1", RunOverrides.NONE)
                        .stdout())
                .isEqualTo("archived\n");
    }

    @Test
    void aFileThatIsNoArchiveIsRefusedAndChangesNothing() throws Exception {
        Path f = Files.createTempFile(TestDaemon.get().dir(), "junk", ".tar");
        Files.writeString(f, "not a tar at all");
        assertThatThrownBy(() -> images.importArchive(f, "x")).isInstanceOf(InvalidParameterException.class);
        assertThat(images.list()).isEmpty();
        assertThat(ImageTestSupport.contentDigests(containerd, ns)).isEmpty();
    }

    @Test
    void basicAuthWithRightWrongAndNoCredentials() throws Exception {
        Require.binary("htpasswd");
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "auth");
        Path htpasswd = dir.resolve("htpasswd");
        Process p = new ProcessBuilder("htpasswd", "-Bbc", htpasswd.toString(), "alice", "s3cret")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        try (TestRegistry reg = TestRegistry.start(htpasswd, null, null)) {
            String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes());
            TestImages.push(reg.url(), "private/app", "v1", image(), basic);
            String ref = reg.host() + "/private/app:v1";

            assertThatThrownBy(() -> images.pull(
                            ref,
                            PullOptions.builder()
                                    .dockerConfig(dir.resolve("none.json"))
                                    .build()))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining(reg.host())
                    .satisfies(e ->
                            assertThat(((UnauthorizedException) e).registry()).isEqualTo(reg.host()));
            assertThatThrownBy(() -> images.pull(
                            ref,
                            PullOptions.builder()
                                    .credentials(new RegistryCredentials("alice", "wrong"))
                                    .build()))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining(reg.host());
            assertThat(images.list()).isEmpty();

            // credentials from a docker config file, as `docker login` writes it
            Path config = dir.resolve("config.json");
            Files.writeString(
                    config,
                    "{\"auths\":{\"" + reg.host() + "\":{\"auth\":\""
                            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes()) + "\"}}}");
            Image image =
                    images.pull(ref, PullOptions.builder().dockerConfig(config).build());
            assertThat(image.name()).isEqualTo(ref);
        }
    }
}
