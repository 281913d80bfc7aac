package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Faults;
import dev.libcontainerd.testing.GatedRunc;
import dev.libcontainerd.testing.GatedRunc.Release;
import dev.libcontainerd.testing.Specs;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, defect 1: when a container's shim dies, containerd reports the init's exit and drops
 * the task, but never the exits of its execs. Every process the client knew running must still
 * get exactly one EXIT; an exec whose status containerd never reported gets 255 and an error.
 */
class ShimDeathIT extends ClientTestBase {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

    private long exits(String id, String processId) {
        return backend.exitCount(id, processId);
    }

    @Test
    void everyProcessOfAContainerWhoseShimWasKilledGetsExactlyOneExit() throws Exception {
        String id = create("shim", false, "sleep", "1000");
        int initPid = client.start(id, null, false, new Capture());
        client.exec(id, "done", Specs.process(false, "true"), false, new Capture());
        assertThat(backend.awaitExit(id, "done").exitCode()).isZero();
        int sleeperPid = client.exec(id, "sleeper", Specs.process(false, "sleep", "1000"), false, new Capture());
        Capture catIo = new Capture();
        int catPid = client.exec(id, "reader", Specs.process(false, "cat"), true, catIo);

        Faults.killAndWait(Faults.shimPid(initPid), Duration.ofSeconds(10));

        EventInfo init = backend.awaitExit(id, id, EXIT_WAIT);
        assertThat(init.exitCode()).as("containerd's status for the init").isEqualTo(137);
        assertThat(init.pid()).isEqualTo(initPid);
        for (String exec : new String[] {"sleeper", "reader"}) {
            EventInfo exit = backend.awaitExit(id, exec, EXIT_WAIT);
            assertThat(exit.exitCode())
                    .as("exit code of %s, never reported by containerd", exec)
                    .isEqualTo(255);
            assertThat(exit.error()).as("error of %s", exec).isInstanceOf(NotFoundException.class);
            assertThat(exit.error().getMessage()).as("error of %s", exec).containsIgnoringCase("unknown");
            assertThat(exit.exitedAt()).as("exitedAt of %s", exec).isNotNull();
        }
        assertThat(backend.awaitExit(id, "sleeper").pid()).isEqualTo(sleeperPid);
        assertThat(backend.awaitExit(id, "reader").pid()).isEqualTo(catPid);
        assertThat(catIo.awaitEof().out()).isEmpty();

        Thread.sleep(3000); // a late event or a reconcile pass must not double any of them
        assertThat(exits(id, id)).as("EXITs of init").isEqualTo(1);
        assertThat(exits(id, "sleeper")).as("EXITs of sleeper").isEqualTo(1);
        assertThat(exits(id, "reader")).as("EXITs of reader").isEqualTo(1);
        assertThat(exits(id, "done")).as("EXITs of an exec that exited before").isEqualTo(1);

        assertThatThrownBy(() -> client.status(id)).isInstanceOf(NotFoundException.class);
        client.delete(id);
        assertThat(stateDir.resolve(id)).doesNotExist();
    }

    @Test
    void aContainerWhoseShimWasKilledCanBeStartedAgain() {
        String id = create("again", false, "sleep", "1000");
        int initPid = client.start(id, null, false, new Capture());
        client.exec(id, "x", Specs.process(false, "sleep", "1000"), false, new Capture());
        Faults.killAndWait(Faults.shimPid(initPid), Duration.ofSeconds(10));
        backend.awaitExit(id, "x", EXIT_WAIT);

        // the same container and exec id work again: nothing of the dead task is left in the way
        int pid = client.start(id, null, false, new Capture());
        assertThat(pid).isNotEqualTo(initPid);
        Capture out = new Capture();
        client.exec(id, "x", Specs.process(false, "echo", "back"), false, out);
        assertThat(out.awaitEof().out()).isEqualTo("back\n");
        Awaitility.await("second EXIT of x").atMost(EXIT_WAIT).until(() -> backend.exitCount(id, "x") >= 2);
        assertThat(backend.of(id).stream()
                        .filter(e -> e.type() == EventType.EXIT
                                && "x".equals(e.info().processId()))
                        .map(e -> e.info().exitCode()))
                .as("exit codes of x, once per instance")
                .containsExactly(255, 0);
    }

    /**
     * Found by the CI soak: after a shim's death containerd answers NotFound for the task at once
     * but reports the init's exit only after its clean-up (runc {@code delete}). A container
     * deleted in between had its init reported without a status, and then, the record gone, the
     * late real exit reported again. Holding that runc call makes the window as wide as needed.
     */
    @Test
    void aContainerDeletedBeforeContainerdReportsItsDeadShimsExitGetsOneExit(@TempDir Path gateDir) throws Exception {
        GatedRunc runc = GatedRunc.install(gateDir);
        String id = id("deleted");
        client.create(
                id,
                spec(id, false, "sleep", "1000"),
                RuntimeOptions.builder().binaryName(runc.binary()).build());
        int initPid = client.start(id, null, false, new Capture());
        runc.hold("delete");
        try {
            Faults.killAndWait(Faults.shimPid(initPid), Duration.ofSeconds(10));
            runc.awaitHeld("delete", Duration.ofSeconds(10));
            Awaitility.await("containerd answering NotFound for the task")
                    .atMost(EXIT_WAIT)
                    .ignoreExceptionsMatching(e -> !(e instanceof NotFoundException))
                    .until(() -> {
                        try {
                            client.status(id);
                            return false;
                        } catch (NotFoundException e) {
                            return true;
                        }
                    });
            client.delete(id);
            EventInfo reported = backend.awaitExit(id, id, EXIT_WAIT);
            assertThat(reported.pid()).isEqualTo(initPid);
        } finally {
            runc.release("delete", Release.RUN);
        }
        runc.awaitPassed("delete", EXIT_WAIT);
        Thread.sleep(2000); // containerd publishes the real exit after the released clean-up
        assertThat(exits(id, id)).as("EXITs of the init").isEqualTo(1);
        assertThat(stateDir.resolve(id)).doesNotExist();
    }
}
