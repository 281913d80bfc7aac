package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Faults;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containers sharing one shim (Spec.Builder.shimGroup) keep every guarantee. */
class ShimGroupIT extends ClientTestBase {

    @Test
    void groupedContainersShareOneShimAndKeepStdioExecEventsAndRestore() throws Exception {
        String group = "g" + ProcessHandle.current().pid() + "-" + ns;
        List<String> ids = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = id("grp");
            String greeting = "up-" + i + "\n";
            client.create(
                    id,
                    Specs.spec(
                            ns,
                            id,
                            false,
                            b -> b.shimGroup(group),
                            "sh",
                            "-c",
                            "printf '" + greeting.trim() + "\\n'; cat"),
                    runtime());
            Capture out = new Capture();
            pids.add(client.start(id, null, true, out));
            await().atMost(Duration.ofSeconds(10)).until(() -> out.out().equals(greeting));
            ids.add(id);
        }
        long shim = Faults.shimPid(pids.get(0));
        for (int pid : pids) {
            assertThat(Faults.shimPid(pid)).as("the shim of pid %d", pid).isEqualTo(shim);
        }

        Capture exec = new Capture();
        client.exec(ids.get(1), "e", Specs.process(false, "echo", "exec in a group"), false, exec);
        assertThat(exec.awaitEof().out()).isEqualTo("exec in a group\n");
        assertThat(backend.awaitExit(ids.get(1), "e").exitCode()).isZero();

        // a new client (as after a JVM restart) finds a grouped container alive and sees its exit
        RecordingBackend second = new RecordingBackend();
        try (Client again = Client.create(TestDaemon.get().containerd(), stateDir, ns, second)) {
            RestoreResult r = again.restore(ids.get(2), null);
            assertThat(r.alive()).isTrue();
            assertThat(r.pid()).isEqualTo(pids.get(2));
            again.signalProcess(ids.get(2), Client.INIT_PROCESS_NAME, 9);
            assertThat(second.awaitExit(ids.get(2), ids.get(2)).exitCode()).isEqualTo(137);
        }
        assertThat(Faults.alive(shim))
                .as("the shim serves the group's other containers")
                .isTrue();

        for (String id : ids) {
            try {
                client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
            } catch (ContainerdException e) {
                // exited already
            }
            backend.awaitExit(id, id);
            client.deleteTask(id);
        }
        // the group's last container gone, its shim goes too
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(shim).map(p -> !p.isAlive()).orElse(true));
    }
}
