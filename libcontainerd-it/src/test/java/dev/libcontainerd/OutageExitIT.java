package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.Faults;
import dev.libcontainerd.testing.KillableDaemon;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestContainerd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak (issue 8): processes that exit while containerd is down are reported by the
 * reconcile pass after the client resubscribed, but a caller that deletes the stopped task
 * first (as soon as containerd answers, before the client has resubscribed) made the client
 * forget them: no EXIT ever came. No exit may be lost, whatever the caller does meanwhile.
 */
class OutageExitIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final String ns =
            "oexit" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
    private KillableDaemon daemon;
    private Client client;
    private RecordingBackend backend;

    @BeforeEach
    void start() throws Exception {
        daemon = KillableDaemon.start("lcd-oe", ns);
        client = daemon.client();
        backend = daemon.backend();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void exitsDuringAnOutageAreReportedEvenWhenTheTaskIsDeletedAtOnceAfterwards() throws Exception {
        for (int round = 0; round < 3; round++) {
            String id = "gone" + round;
            client.create(id, Specs.spec(ns, id, false, "sleep", "1000"), null);
            int pid = client.start(id, null, false, new Capture());
            client.exec(id, "e1", Specs.process(false, "sleep", "1000"), false, new Capture());

            daemon.kill();
            Faults.killAndWait(pid, Duration.ofSeconds(10)); // the exec dies with its container
            // long enough for the client's reconnect backoff to reach its cap of a few seconds:
            // containerd then answers calls for a while before the client has resubscribed
            Thread.sleep(4500);
            daemon.restart();
            int initCode;
            if (TestContainerd.atLeast(1, 7)) {
                // containerd 1.7+ deletes, as it starts, a task whose processes are all gone, and
                // its exit status with it: the client reports the exits without a status
                await().atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(10))
                        .ignoreExceptions()
                        .until(() -> {
                            client.version();
                            return true;
                        });
                assertThatThrownBy(() -> client.deleteTask(id)).isInstanceOf(NotFoundException.class);
                initCode = EventInfo.UNKNOWN_EXIT_CODE;
            } else {
                // a caller that polls: the moment containerd answers, the task is stopped and deleted
                await().atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(10))
                        .ignoreExceptions()
                        .until(() -> client.status(id) == Status.STOPPED);
                assertThat(client.deleteTask(id).exitCode()).isEqualTo(137);
                initCode = 137;
            }

            assertThat(backend.awaitExit(id, id, Duration.ofSeconds(20)).exitCode())
                    .as("init, round %d", round)
                    .isEqualTo(initCode);
            assertThat(backend.awaitExit(id, "e1", Duration.ofSeconds(20)).exitCode())
                    .as("e1, round %d", round)
                    .isIn(137, 255);
            Thread.sleep(2000);
            assertThat(backend.exitCount(id, id)).as("EXITs of init").isEqualTo(1);
            assertThat(backend.exitCount(id, "e1")).as("EXITs of e1").isEqualTo(1);
            client.delete(id);
        }
    }

    /**
     * Found by the soak: an init whose exit was reported keeps its FIFOs until its task is
     * deleted. When containerd deletes that task itself while the client cannot hear it (its shim
     * died during an outage), the FIFOs must still go once the client is back, not stay until the
     * id's next start or delete.
     */
    @Test
    void anExitedInitsFifosGoWhenItsTaskIsDeletedDuringAnOutage() throws Exception {
        String id = "shimgone";
        client.create(id, Specs.spec(ns, id, false, "sleep", "1000"), null);
        int pid = client.start(id, null, true, new Capture());
        long shim = Faults.shimPid(pid);
        client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
        assertThat(backend.awaitExit(id, id, Duration.ofSeconds(10)).exitCode()).isEqualTo(137);
        Path dir = daemon.stateDir().resolve(id);
        assertThat(initFifos(dir))
                .as("an exited init's FIFOs stay until its task is deleted")
                .hasSize(3);

        daemon.kill();
        Faults.killAndWait(shim, Duration.ofSeconds(10));
        daemon.restart(); // finds the shim dead and deletes the task, with nobody subscribed

        await("the FIFOs of a task containerd deleted unheard")
                .atMost(Duration.ofSeconds(30))
                .until(() -> initFifos(dir).isEmpty());
        assertThatThrownBy(() -> client.status(id)).isInstanceOf(NotFoundException.class);
        Thread.sleep(1000);
        assertThat(backend.exitCount(id, id)).as("EXITs of init").isEqualTo(1);
        client.delete(id);
        assertThat(dir).doesNotExist();
    }

    private static List<String> initFifos(Path dir) {
        String[] files = dir.toFile().list();
        return files == null
                ? List.of()
                : Arrays.stream(files).filter(f -> f.startsWith("init-")).toList();
    }
}
