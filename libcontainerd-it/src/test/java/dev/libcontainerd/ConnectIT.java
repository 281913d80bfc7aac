package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.testing.TestContainerd;
import dev.libcontainerd.testing.TestDaemon;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectIT {

    @Test
    void versionOfTheRealDaemon() {
        Version v = TestDaemon.get().containerd().version();
        // the daemon under test (TestContainerd: 1.6, 1.7 or 2.x) says what its binary says
        assertThat(v.version().replaceFirst("^v", "")).isEqualTo(TestContainerd.version());
        assertThat(v.revision()).isNotNull();
    }

    @Test
    void nothingListeningIsUnavailable() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "lcd-c");
        Path missing = dir.resolve("missing.sock");
        assertThatThrownBy(() -> Containerd.connect(missing)).isInstanceOf(UnavailableException.class);

        // a socket file whose listener never answers gRPC: fails within the deadline, no hang
        Path dead = dir.resolve("dead.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dead));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Containerd.connect(dead, Duration.ofSeconds(2)))
                    .isInstanceOf(UnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
        Files.deleteIfExists(dead);
        Files.delete(dir);
    }
}
