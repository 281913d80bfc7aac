package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.Faults;
import dev.libcontainerd.testing.GatedRunc;
import dev.libcontainerd.testing.GatedRunc.Release;
import dev.libcontainerd.testing.KillableDaemon;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, defect 2: containerd dies while {@code exec} or {@code start} is between its create
 * and start RPCs. The call fails with UnavailableException; once containerd is back, the clean-up
 * that could not run during the outage must have run: the exec id is free again, no task is left
 * CREATED or RUNNING, no FIFO is left. The point between the RPCs is made by holding runc's
 * {@code exec}/{@code start} (what Tasks.Start runs) at a gate while containerd is killed (the
 * process never runs) or frozen (the process runs, but the client never hears of it).
 */
class OutageCleanupIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(20);

    // runc keeps state per namespace under a host-wide root: a fresh namespace per test
    private final String ns =
            "outage" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
    private final List<String> made = new ArrayList<>();
    private KillableDaemon daemon;
    private Client client;
    private RecordingBackend backend;
    private Path stateDir;
    private GatedRunc runc;

    @BeforeEach
    void start() throws Exception {
        daemon = KillableDaemon.start("lcd-oc", ns);
        client = daemon.client();
        backend = daemon.backend();
        stateDir = daemon.stateDir();
        runc = GatedRunc.install(daemon.dir());
    }

    @AfterEach
    void stop() {
        runc.openAll();
        for (String id : made) {
            try {
                client.signalProcess(id, Client.INIT_PROCESS_NAME, 9); // shims die below, containers must too
            } catch (ContainerdException e) {
                // no task
            }
        }
        daemon.close();
    }

    private String create(String id, String... args) {
        made.add(id);
        client.create(
                id,
                Specs.spec(ns, id, false, args),
                RuntimeOptions.builder().binaryName(runc.binary()).build());
        return id;
    }

    private void restartContainerd() throws Exception {
        daemon.restart();
        await("containerd serving again")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> client.version() != null);
    }

    /**
     * Holds runc's {@code subcommand} under {@code call}, then SIGKILLs containerd: the shim
     * cancels the runc call with the request, so Tasks.Start fails there and the process never
     * runs (an exec stays "created" in the shim, a task CREATED). The call fails Unavailable.
     */
    private void cutByKill(String subcommand, Runnable call) throws Exception {
        runc.hold(subcommand);
        CompletableFuture<Void> f = CompletableFuture.runAsync(call);
        runc.awaitHeld(subcommand, Duration.ofSeconds(10));
        daemon.kill();
        assertThatThrownBy(() -> f.get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(UnavailableException.class);
        runc.openAll(); // the held runc died with the request
    }

    /**
     * Holds runc's {@code subcommand} under {@code call}, SIGSTOPs containerd, lets runc run:
     * the shim's Start succeeds and the process runs, but its answer never reaches the client,
     * whose call times out (Unavailable). Then containerd is SIGKILLed, as a hung daemon would be.
     */
    private void cutByFreeze(String subcommand, Runnable call) throws Exception {
        runc.hold(subcommand);
        CompletableFuture<Void> f = CompletableFuture.runAsync(call);
        runc.awaitHeld(subcommand, Duration.ofSeconds(10));
        Faults.signal(daemon.pid(), "STOP");
        runc.release(subcommand, Release.RUN);
        runc.awaitPassed(subcommand, Duration.ofSeconds(10));
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(UnavailableException.class);
        daemon.kill();
    }

    private String[] files(String id) {
        String[] names = stateDir.resolve(id).toFile().list();
        return names == null ? new String[0] : names;
    }

    /** Execs {@code echo again} as {@code execId}; retried while a clean-up is still pending. */
    private void execAgain(String id, String execId) {
        Capture out = new Capture();
        await("exec id " + execId + " usable again")
                .atMost(CLEANUP_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreException(ConflictException.class)
                .until(() -> client.exec(id, execId, Specs.process(false, "echo", "again"), false, out) > 0);
        assertThat(out.awaitEof().out()).isEqualTo("again\n");
        assertThat(backend.awaitExit(id, execId).exitCode()).isZero();
    }

    @Test
    void anExecWhoseStartWasCutByAnOutageDoesNotKeepItsId() throws Exception {
        String id = create("c1", "sleep", "1000");
        client.start(id, null, false, new Capture());
        cutByKill("exec", () -> client.exec(id, "e", Specs.process(false, "echo", "first"), false, new Capture()));
        restartContainerd();

        assertThat(files(id)).noneMatch(n -> n.startsWith("e-"));
        execAgain(id, "e");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> List.of(files(id)).stream().noneMatch(n -> n.startsWith("e-")));
    }

    @Test
    void anExecThatRanAlthoughItsCallFailedFreesItsIdAfterItsExit() throws Exception {
        String id = create("c2", "sleep", "1000");
        client.start(id, null, false, new Capture());
        cutByFreeze("exec", () -> client.exec(id, "e", Specs.process(false, "true"), false, new Capture()));
        restartContainerd();

        assertThat(files(id)).noneMatch(n -> n.startsWith("e-"));
        execAgain(id, "e");
    }

    @Test
    void aStartCutByAnOutageLeavesNoCreatedTask() throws Exception {
        String id = create("c3", "echo", "started");
        cutByKill("start", () -> client.start(id, null, false, new Capture()));
        restartContainerd();
        assertStartCleanedUp(id);
    }

    @Test
    void aStartThatRanAlthoughItsCallFailedLeavesNoRunningTask() throws Exception {
        String id = create("c4", "sh", "-c", "echo started; sleep 1000");
        cutByFreeze("start", () -> client.start(id, null, false, new Capture()));
        restartContainerd();
        assertStartCleanedUp(id);
    }

    /** The task's status, or the exception's class and message. */
    private String statusOf(String id) {
        try {
            return client.status(id).value();
        } catch (ContainerdException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private void assertStartCleanedUp(String id) {
        await("the task of the failed start is gone")
                .atMost(CLEANUP_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(statusOf(id)).startsWith("NotFoundException: container is not running"));
        assertThat(files(id)).isEmpty();
        // the container is usable: a start works and its output arrives whole
        Capture out = new Capture();
        client.start(id, null, false, out);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.out().startsWith("started\n"));
        try {
            client.signalProcess(id, Client.INIT_PROCESS_NAME, 9); // "sleep" still runs; "echo" may be gone
        } catch (NotFoundException e) {
            // exited already
        }
        backend.awaitExit(id, id);
    }
}
