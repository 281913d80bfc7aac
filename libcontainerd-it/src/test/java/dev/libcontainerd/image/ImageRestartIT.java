package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.testing.PrivateContainerd;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestImages.Built;
import dev.libcontainerd.testing.TestRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** containerd killed in the middle of a pull: afterwards there is a complete image or none. */
class ImageRestartIT {
    @Test
    void aPullInterruptedByAContainerdCrashLeavesNoImageAndTheNextPullCompletes() throws Exception {
        TestDaemon.get(); // fails or skips when containerd is missing
        try (TestRegistry reg = TestRegistry.start();
                PrivateContainerd daemon = PrivateContainerd.startInTemp("lcd-rs")) {
            Built img = TestImages.image(
                    List.of(
                            TestImages.baseLayer("restart-" + System.nanoTime()),
                            TestImages.fileLayer("data/r.txt", "after restart\n")),
                    "none",
                    TestImages.hostArch(),
                    List.of("cat", "/data/r.txt"),
                    List.of(TestImagesPath.PATH),
                    "",
                    "");
            TestImages.push(reg.url(), "test/restart", "v1", img, null);
            String ref = reg.host() + "/test/restart:v1";
            try (Containerd containerd = Containerd.connect(daemon.socket(), Duration.ofSeconds(5))) {
                Images images = Images.of(containerd, "restart");
                AtomicBoolean killed = new AtomicBoolean();
                PullOptions killing = PullOptions.builder()
                        .concurrency(1)
                        .progress(p -> {
                            if (p.state() == BlobProgress.State.DOWNLOADING
                                    && p.done() > 0
                                    && killed.compareAndSet(false, true)) {
                                daemon.kill();
                            }
                        })
                        .build();
                assertThatThrownBy(() -> images.pull(ref, killing)).isInstanceOf(UnavailableException.class);
                assertThat(killed).isTrue();

                daemon.restart();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(() -> containerd.version() != null);
                assertThat(images.list()).isEmpty();

                Image image = images.pull(ref, PullOptions.defaults());
                assertThat(image.id()).isEqualTo(img.manifest().digest());
                assertThat(images.unpack(image.name(), Images.DEFAULT_SNAPSHOTTER))
                        .startsWith("sha256:");
            }
        }
    }
}
