package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.cli.LcdProcess.Result;
import dev.libcontainerd.cli.rootfs.BusyboxImage;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lcd pull/images/rmi/load/save} against a real docker-registry and the tool's own daemon. */
class LcdImagesIT {
    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    private static Path work;
    private static Path layout;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory(Path.of("/tmp"), "lcd-img");
        layout = BusyboxImage.writeLayout(work.resolve("layout"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void loadImagesSaveRmiAndLoadAgain() throws Exception {
        Result load = lcd.run("load", "-i", layout.toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).contains("Loaded image: " + BusyboxImage.NAME);
        Result images = lcd.run("images");
        assertThat(images.out())
                .contains("REPOSITORY")
                .contains("lcd.local/busybox")
                .contains("latest");

        Path tar = work.resolve("saved.tar");
        assertThat(lcd.run("save", "-o", tar.toString(), BusyboxImage.NAME).code())
                .isZero();
        assertThat(tar).isNotEmptyFile();
        assertThat(lcd.run("rmi", "--sync", BusyboxImage.NAME).out()).contains("Untagged: " + BusyboxImage.NAME);
        assertThat(lcd.run("images", "-q").out()).doesNotContain(BusyboxImage.NAME);
        assertThat(lcd.run("load", "-i", tar.toString()).out()).contains(BusyboxImage.NAME);

        Result missing = lcd.run("rmi", "no-such-image");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("no such image");
    }

    @Test
    void runTakesALoadedImagesConfigWithDockersOverrides() throws Exception {
        Path oci = TestImages.layout(
                work.resolve("app-layout"),
                TestImages.image(
                        List.of(TestImages.baseLayer(), TestImages.fileLayer("data/a.txt", "from the image\n")),
                        "gzip",
                        TestImages.hostArch(),
                        List.of("sh", "-c", "echo $GREETING; pwd; id -u; id -g; echo $HOME; cat a.txt"),
                        List.of("PATH=/bin", "GREETING=image"),
                        "/data",
                        "app"),
                "v1");
        assertThat(lcd.run("load", "-i", oci.toString(), "--name", "local/app").out())
                .contains("Loaded image: docker.io/local/app:v1");

        Result plain = lcd.run("run", "--rm", "local/app:v1");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).isEqualTo("image\n/data\n1000\n1001\n/home/app\nfrom the image\n");

        Result overridden = lcd.run(
                "run",
                "--rm",
                "-e",
                "GREETING=flag",
                "-w",
                "/",
                "-u",
                "0",
                "local/app:v1",
                "sh",
                "-c",
                "echo $GREETING; pwd; id -u; echo $HOME; cat data/a.txt");
        assertThat(overridden.code()).as(overridden.err()).isZero();
        assertThat(overridden.out()).isEqualTo("flag\n/\n0\n/root\nfrom the image\n");

        Result entry = lcd.run("run", "--rm", "--entrypoint", "echo", "local/app:v1", "a", "b");
        assertThat(entry.out()).as(entry.err()).isEqualTo("a b\n");

        // create, ps shows the image, start writes to the container's own layer, rm takes it along
        assertThat(lcd.run("create", "--name", "app-1", "-u", "0", "local/app:v1", "sh", "-c", "echo x > /data/a.txt")
                        .code())
                .isZero();
        assertThat(lcd.run("ps", "-a").out()).containsPattern("app-1\\s+local/app:v1|local/app:v1.*app-1");
        assertThat(lcd.ctr("snapshots", "ls")).contains("app-1");
        Result started = lcd.run("start", "-a", "app-1");
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(lcd.run("rm", "app-1").code()).isZero();
        assertThat(lcd.ctr("snapshots", "ls")).doesNotContain("app-1");
        assertThat(lcd.run("run", "--rm", "local/app:v1", "cat", "/data/a.txt").out())
                .isEqualTo("from the image\n");

        Result bad = lcd.run("run", "--rm", "-u", "nosuchuser", "local/app:v1");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).startsWith("lcd: ").contains("nosuchuser");
        assertThat(lcd.ctr("snapshots", "ls")).doesNotContain("nosuchuser");
        assertThat(lcd.run("ps", "-a", "-q").out()).isBlank();
    }

    @Test
    void anUnknownImageIsPulledFirstOrFailsClearly() throws Exception {
        Result unreachable = lcd.run("run", "--rm", "127.0.0.1:1/nothing/here", "true");
        assertThat(unreachable.code()).isEqualTo(125);
        assertThat(unreachable.err())
                .contains("Unable to find image '127.0.0.1:1/nothing/here:latest' locally")
                .contains("lcd: registry 127.0.0.1:1")
                .contains("connection refused")
                .doesNotContain("Exception");
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("nothing");
    }

    @Test
    void pullFromALoopbackRegistryShowsEachLayer() throws Exception {
        Require.binary("docker-registry");
        Require.binary("skopeo");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = work.resolve("registry.yml");
        Files.writeString(
                cfg,
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                        + work.resolve("registry-data") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process registry = new ProcessBuilder("docker-registry", "serve", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile())
                .start();
        try {
            awaitPort(port);
            String ref = "127.0.0.1:" + port + "/tools/busybox:v1";
            Process push = new ProcessBuilder(
                            "skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":latest", "docker://" + ref)
                    .redirectErrorStream(true)
                    .start();
            String pushed = new String(push.getInputStream().readAllBytes());
            assertThat(push.waitFor()).as(pushed).isZero();

            Result pull = lcd.run("pull", ref);
            assertThat(pull.code()).as(pull.err()).isZero();
            // the layer is there already when the load test ran first
            assertThat(pull.out())
                    .containsAnyOf("Pull complete", "Already exists")
                    .contains("Digest: sha256:")
                    .contains(ref);
            assertThat(lcd.run("images").out())
                    .contains("127.0.0.1:" + port + "/tools/busybox")
                    .contains("v1");

            // run pulls an image it does not have, as docker does, with its messages on stderr
            Process push2 = new ProcessBuilder(
                            "skopeo",
                            "copy",
                            "--dest-tls-verify=false",
                            "oci:" + layout + ":latest",
                            "docker://127.0.0.1:" + port + "/tools/busybox:v2")
                    .redirectErrorStream(true)
                    .start();
            String pushed2 = new String(push2.getInputStream().readAllBytes());
            assertThat(push2.waitFor()).as(pushed2).isZero();
            Result run = lcd.run("run", "--rm", "127.0.0.1:" + port + "/tools/busybox:v2", "echo", "pulled");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("pulled\n");
            assertThat(run.err())
                    .contains("Unable to find image '127.0.0.1:" + port + "/tools/busybox:v2' locally")
                    .contains("Status: Downloaded newer image for 127.0.0.1:" + port + "/tools/busybox:v2");

            Result unknown = lcd.run("pull", "127.0.0.1:" + port + "/tools/busybox:nope");
            assertThat(unknown.code()).isEqualTo(125);
            assertThat(unknown.err()).startsWith("lcd: registry 127.0.0.1:" + port);
        } finally {
            registry.destroyForcibly();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("docker-registry did not start");
                }
                Thread.sleep(50);
            }
        }
    }
}
