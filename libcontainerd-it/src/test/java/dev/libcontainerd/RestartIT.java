package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.KillableDaemon;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestContainerd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** containerd dies and comes back while containers run: nothing is lost, nothing doubled. */
class RestartIT {
    private KillableDaemon daemon;
    private Client client;
    private RecordingBackend backend;
    private static final AtomicInteger SEQ = new AtomicInteger();
    // runc keeps state per namespace under a host-wide root: a fresh namespace per test
    private final String ns =
            "restart" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();

    @BeforeEach
    void start() throws Exception {
        daemon = KillableDaemon.start("lcd-rs", ns);
        client = daemon.client();
        backend = daemon.backend();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private String run(String id, String... args) {
        client.create(id, Specs.spec(ns, id, false, args), null);
        client.start(id, null, false, new Capture());
        return id;
    }

    private long exits(String id) {
        return backend.types(id).stream().filter(t -> t == EventType.EXIT).count();
    }

    private void awaitServing() {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> client.version() != null);
    }

    @Test
    void outputFlowsAcrossARestartAndTheSameClientWorksAfterwards() throws Exception {
        String id = "printer";
        client.create(
                id,
                Specs.spec(ns, id, false, "sh", "-c", "i=0; while :; do echo $i; i=$((i+1)); sleep 0.1; done"),
                null);
        Capture cap = new Capture();
        int pid = client.start(id, null, false, cap);
        await().until(() -> cap.out().split("\n").length > 5);

        daemon.kill();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.status(id)).isInstanceOf(UnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
        int during = cap.out().split("\n").length;
        await().atMost(Duration.ofSeconds(5)).until(() -> cap.out().split("\n").length > during + 5);

        daemon.restart();
        awaitServing();
        assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        Capture ex = new Capture();
        client.exec(id, "after", Specs.process(false, "echo", "still here"), false, ex);
        assertThat(backend.awaitExit(id, "after").exitCode()).isZero();
        assertThat(ex.awaitEof().out()).isEqualTo("still here\n");
        assertThat(exits(id)).isEqualTo(1); // only the exec's

        int before = cap.out().split("\n").length;
        await().until(() -> cap.out().split("\n").length > before + 3);
        String[] lines = cap.out().split("\n");
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).isEqualTo(Integer.toString(i)); // no line lost or torn
        }
        client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
        EventInfo exit = backend.awaitExit(id, id);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.pid()).isEqualTo(pid);
        assertThat(client.deleteTask(id).exitCode()).isEqualTo(137);
        client.delete(id);
    }

    @Test
    void aContainerKilledWhileContainerdIsDownGetsItsExitOnce() throws Exception {
        int pid = client.start(
                created("term", "sh", "-c", "trap 'exit 143' TERM; while :; do sleep 0.1; done"),
                null,
                false,
                new Capture());
        await().until(() -> client.status("term") == Status.RUNNING);
        daemon.kill();
        new ProcessBuilder("kill", "-TERM", Integer.toString(pid)).start().waitFor();
        await().until(() -> !Files.exists(Path.of("/proc/" + pid)));
        Thread.sleep(500);
        daemon.restart();
        EventInfo exit = backend.await("term", e -> e.type() == EventType.EXIT, Duration.ofSeconds(30))
                .info();
        assertThat(exit.exitCode()).isEqualTo(exitCodeAfterRestart(143));
        assertThat(exit.processId()).isEqualTo("term");
        Thread.sleep(2000); // a late replay from the shim must not double it
        assertThat(exits("term")).isEqualTo(1);
        if (TestContainerd.atLeast(1, 7)) {
            assertThatThrownBy(() -> client.deleteTask("term")).isInstanceOf(NotFoundException.class);
        } else {
            assertThat(client.deleteTask("term").exitCode()).isEqualTo(143);
        }
    }

    private String created(String id, String... args) {
        client.create(id, Specs.spec(ns, id, false, args), null);
        return id;
    }

    @Test
    void twentyContainersExitingWhileContainerdIsDownGetTwentyExitsOnce() throws Exception {
        List<Integer> pids = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "c" + i;
            ids.add(id);
            client.create(id, Specs.spec(ns, id, false, "sleep", "1000"), null);
            pids.add(client.start(id, null, false, new Capture()));
        }
        daemon.kill();
        for (int pid : pids) {
            new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
        }
        daemon.restart();
        await().atMost(Duration.ofSeconds(40)).until(() -> ids.stream().allMatch(id -> exits(id) >= 1));
        Thread.sleep(2000);
        for (String id : ids) {
            assertThat(exits(id)).as(id).isEqualTo(1);
            assertThat(backend.awaitExit(id, id).exitCode()).isEqualTo(exitCodeAfterRestart(137));
        }
    }

    /**
     * The exit code reported for a container whose process exited while containerd was down.
     * containerd 1.7 and later delete, as they start, every task whose processes are all gone
     * (containerd#6860), and the exit status with it: the client then reports the exit once with
     * 255, "unknown", as Docker does. containerd 1.6.20 keeps the task and its real status.
     */
    private static int exitCodeAfterRestart(int real) {
        return TestContainerd.atLeast(1, 7) ? 255 : real;
    }
}
