package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.EventType;
import dev.libcontainerd.ExitStatus;
import dev.libcontainerd.oci.Spec;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README's pull + run example, as written, against the test daemon and a loopback registry that
 * the test fills with an image built from busybox-static (its registry address stands in for
 * README's 127.0.0.1:5000).
 */
class ImageReadmeExampleIT {

    @Test
    void theReadmePullAndRunExampleRuns() throws Exception {
        Path socket = TestDaemon.get().socket();
        Path stateDir = Files.createTempDirectory(TestDaemon.get().dir(), "readme-img");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true);
        try (TestRegistry registry = TestRegistry.start()) {
            TestImages.push(
                    registry.url(),
                    "team/app",
                    "v1",
                    TestImages.image(
                            List.of(TestImages.baseLayer("readme")),
                            "gzip",
                            TestImages.hostArch(),
                            List.of("sh"),
                            List.of(TestImagesPath.PATH),
                            "/data",
                            ""),
                    null);
            String ref = registry.host() + "/team/app:v1"; // README: "127.0.0.1:5000/team/app:v1"
            CountDownLatch exited = new CountDownLatch(1);

            // ---- README example starts here ----
            try (Containerd containerd = Containerd.connect(socket);
                    Client client = Client.create(containerd, stateDir, "example", (id, type, info) -> {
                        if (type == EventType.EXIT && id.equals(info.processId())) {
                            exited.countDown();
                        }
                    })) {
                Images images = Images.of(containerd, "example");
                Image image = images.pull(ref, PullOptions.defaults()); // fetched and unpacked
                ContainerRootfs rootfs = images.prepareRootfs(image.name(), Images.DEFAULT_SNAPSHOTTER, "app");
                // the image's entrypoint/cmd, env, workdir and user, with docker's overrides
                Spec spec = images.spec(rootfs, "app", RunOverrides.command("sh", "-c", "echo hello from $(pwd)"))
                        .build();
                client.create("app", spec, null, rootfs.snapshot());
                images.release(rootfs); // the container record holds the snapshot now
                client.start("app", null, false, io -> pipe(io.stdout(), out));
                exited.await(10, TimeUnit.SECONDS);
                ExitStatus status = client.deleteTask("app");
                client.delete("app"); // and its snapshot
                out.println("exit code " + status.exitCode());
            }
            // ---- README example ends here ----

            assertThat(captured.toString()).isEqualTo("hello from /data\nexit code 0\n");
            assertThat(ImageTestSupport.ctr("example", "snapshots", "ls")).doesNotContain("app");
            Images.of(TestDaemon.get().containerd(), "example").remove(ref, true);
        }
    }

    /** Copies a container's output on a thread of its own, as README's example does. */
    private static void pipe(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // the container went away
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
