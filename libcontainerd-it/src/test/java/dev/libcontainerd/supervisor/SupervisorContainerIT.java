package dev.libcontainerd.supervisor;

import static dev.libcontainerd.supervisor.DaemonTestSupport.FAST;
import static dev.libcontainerd.supervisor.DaemonTestSupport.alive;
import static dev.libcontainerd.supervisor.DaemonTestSupport.assertNothingLeftIn;
import static dev.libcontainerd.supervisor.DaemonTestSupport.deleteTree;
import static dev.libcontainerd.supervisor.DaemonTestSupport.fastOptions;
import static dev.libcontainerd.supervisor.DaemonTestSupport.newDir;
import static dev.libcontainerd.supervisor.DaemonTestSupport.processesUsing;
import static dev.libcontainerd.supervisor.DaemonTestSupport.requireContainerd;
import static dev.libcontainerd.supervisor.DaemonTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Rootfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing the supervisor stops containerd but not the containers it started. */
class SupervisorContainerIT {
    private Path root;
    private Path state;
    private final String id = "sv-" + UUID.randomUUID().toString().substring(0, 8);
    private long sleepPid = -1;

    @BeforeEach
    void dirs() throws Exception {
        root = newDir("svr");
        state = newDir("sv");
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (sleepPid > 0 && alive(sleepPid)) {
                ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
            }
            // A shim outlives its container until containerd deletes the task: kill leftovers.
            for (Path d : new Path[] {state, root}) {
                processesUsing(d).forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
            }
            assertNothingLeftIn(state);
            assertNothingLeftIn(root);
        } finally {
            deleteTree(state);
            deleteTree(root);
        }
    }

    @Test
    void closeLeavesRunningContainersAlive() throws Exception {
        requireContainerd();
        Path rootfs = Rootfs.build(root.resolve("rootfs"));

        try (Supervisor s = Supervisor.start(root, state, fastOptions().build(), FAST)) {
            ctr(s, "run", "-d", "--rootfs", rootfs.toString(), id, "/bin/sleep", "1000");
            sleepPid = taskPid(s);
        }
        assertThat(sleepPid).isPositive();

        // The daemon is gone; the container is not.
        assertThat(processesUsing(state)).as("only the shim remains").hasSize(1);
        assertThat(alive(sleepPid)).isTrue();
        assertThat(cmdline(sleepPid)).isEqualTo("/bin/sleep 1000");

        // A new supervisor on the same directories finds the container again, then removes it.
        try (Supervisor s = Supervisor.start(root, state, fastOptions().build(), FAST)) {
            assertThat(taskPid(s)).isEqualTo(sleepPid);
            ctr(s, "task", "kill", "-s", "SIGKILL", id);
            await().atMost(Duration.ofSeconds(10)).until(() -> !alive(sleepPid));
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .until(() -> ctr(s, "task", "ls").contains("STOPPED"));
            ctr(s, "task", "delete", id);
            ctr(s, "container", "delete", id);
        }
    }

    private String ctr(Supervisor s, String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = DaemonTestSupport.ctr();
        cmd[1] = "--address";
        cmd[2] = s.address().toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return run(cmd);
    }

    /** The task's pid from {@code ctr task ls} (columns TASK, PID, STATUS). */
    private long taskPid(Supervisor s) throws Exception {
        for (String line : ctr(s, "task", "ls").split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 3 && cols[0].equals(id)) {
                return Long.parseLong(cols[1]);
            }
        }
        throw new AssertionError("task " + id + " not listed");
    }

    private static String cmdline(long pid) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    }
}
