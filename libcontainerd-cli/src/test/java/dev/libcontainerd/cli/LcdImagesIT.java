package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.cli.LcdProcess.Result;
import dev.libcontainerd.cli.rootfs.BusyboxImage;
import dev.libcontainerd.cli.rootfs.BusyboxRootfs;
import dev.libcontainerd.testing.Require;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
        Path rootfs = BusyboxRootfs.ensure(work.resolve("rootfs"));
        layout = BusyboxImage.writeLayout(rootfs, work.resolve("layout"));
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
