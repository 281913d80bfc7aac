package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ChildJvm;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.RestoreChild;
import dev.libcontainerd.testing.TestDaemon;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A fresh process restores what a SIGKILLed one started: running, paused and dead containers. */
class RestoreIT extends ClientTestBase {

    @Test
    void aNewJvmRestoresRunningPausedAndDeadContainers() throws Exception {
        client.create("run1", spec("run1", false, "sh", "-c", "while read l; do echo got:$l; done"), null);
        client.create("paused1", spec("paused1", false, "sleep", "1000"), null);
        client.create("dead1", spec("dead1", false, "sh", "-c", "sleep 1; exit 3"), null);
        track("run1", "paused1", "dead1");
        client.close(); // this test's process plays the *new* JVM below

        ChildJvm child =
                ChildJvm.start(RestoreChild.class, TestDaemon.get().socket().toString(), stateDir.toString(), ns);
        int runPid = Integer.parseInt(child.awaitReady()[0]);
        child.kill();

        backend = new RecordingBackend();
        client = Client.create(TestDaemon.get().containerd(), stateDir, ns, backend);

        // running: same pid, stdin and stdout re-attached
        Capture cap = new Capture();
        assertThat(client.restore("run1", cap)).isEqualTo(new RestoreResult(true, runPid));
        cap.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
        cap.stdin().flush();
        await().until(() -> cap.out().contains("got:hello\n"));

        // the exec started by the previous process still reports its exit here
        assertThat(backend.awaitExit("run1", "slow").exitCode()).isEqualTo(6);

        // paused
        RestoreResult paused = client.restore("paused1", new Capture());
        assertThat(paused.alive()).isTrue();
        assertThat(client.status("paused1")).isEqualTo(Status.PAUSED);
        client.resume("paused1");

        // dead: not alive, no callback, the real exit code, and it can start again
        await().until(() -> client.status("dead1") == Status.STOPPED);
        assertThat(client.restore("dead1", io -> {
                    throw new AssertionError("a dead container has nothing to attach");
                }))
                .isEqualTo(new RestoreResult(false, 0));
        assertThat(client.deleteTask("dead1").exitCode()).isEqualTo(3);
        client.start("dead1", null, false, new Capture());
        assertThat(backend.awaitExit("dead1", "dead1").exitCode()).isEqualTo(3);

        cap.stdin().close();
        assertThat(backend.awaitExit("run1", "run1").exitCode()).isZero();
        assertThat(cap.awaitEof().out()).isEqualTo("got:hello\n");
        client.deleteTask("run1");
        client.delete("run1");
    }
}
