package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakIT extends ClientTestBase {

    private static int openFds() {
        return new File("/proc/self/fd").list().length;
    }

    private static long libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("libcontainerd-"))
                .count();
    }

    private static long captureThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("capture-"))
                .count();
    }

    private void lifecycle(int i) throws Exception {
        String id = create("leak", false, "cat");
        Capture cap = new Capture();
        client.start(id, null, true, cap);
        Capture ex = new Capture();
        client.exec(id, "e" + i, Specs.process(false, "echo", "x" + i), false, ex);
        assertThat(backend.awaitExit(id, "e" + i).exitCode()).isZero();
        assertThat(ex.awaitEof().out()).isEqualTo("x" + i + "\n");
        cap.stdin().write("bye\n".getBytes());
        cap.stdin().close();
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(cap.awaitEof().out()).isEqualTo("bye\n");
        assertThat(client.deleteTask(id).exitCode()).isZero();
        client.delete(id);
        assertThat(stateDir.resolve(id)).doesNotExist();
    }

    @Test
    void twentyLifecyclesLeaveNoFifoFdOrThread() throws Exception {
        lifecycle(0); // warm-up: lazily opened channel and library descriptors
        await().until(() -> captureThreads() == 0);
        int fds = openFds();
        for (int i = 1; i <= 20; i++) {
            lifecycle(i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> captureThreads() == 0);
        assertThat(stateDir.toFile().list()).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(openFds()).isLessThanOrEqualTo(fds));
        // idle event workers end after a few seconds
        await().atMost(Duration.ofSeconds(15)).until(() -> libraryThreads() <= 3);
    }

    @Test
    void libraryThreadsDoNotFollowTheNumberOfContainers() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = create("many", false, "sleep", "1000");
            client.start(id, null, true, new Capture());
            ids.add(id);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> libraryThreads() <= 3);
        for (String id : ids) {
            assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        }
    }
}
