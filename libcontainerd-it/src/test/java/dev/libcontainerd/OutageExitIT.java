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
import java.time.Duration;
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
}
