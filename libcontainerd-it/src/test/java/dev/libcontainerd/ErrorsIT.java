package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import containerd.services.containers.v1.ListContainersRequest;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import dev.libcontainerd.testing.TestDaemon;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorsIT extends ClientTestBase {

    static List<String> badIds() {
        return List.of("../x", "a/b", "", "x".repeat(77), "x".repeat(300), "-a", "a..b", "a b", "/abs");
    }

    private int containersInNamespace() {
        return TestDaemon.get()
                .containerd()
                .connection()
                .containers(ns)
                .list(ListContainersRequest.getDefaultInstance())
                .getContainersCount();
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void invalidIdsAreRejectedWithNothingWritten(String bad) {
        List<Consumer<String>> calls = List.of(
                id -> client.create(id, spec("ok", false, "true"), null),
                id -> client.start(id, null, false, new Capture()),
                id -> client.exec(id, "e", Specs.process(false, "true"), false, new Capture()),
                id -> client.exec("ok", id, Specs.process(false, "true"), false, new Capture()),
                id -> client.signalProcess(id, Client.INIT_PROCESS_NAME, 9),
                id -> client.deleteTask(id),
                id -> client.delete(id),
                id -> client.status(id),
                id -> client.restore(id, io -> {}),
                id -> client.stats(id),
                id -> client.pause(id));
        for (Consumer<String> call : calls) {
            assertThatThrownBy(() -> call.accept(bad)).isInstanceOf(InvalidParameterException.class);
        }
        assertThat(stateDir.toFile().list()).isEmpty();
        assertThat(Path.of(stateDir.getParent().toString(), "x")).doesNotExist();
        assertThat(containersInNamespace()).isZero();
        assertThatThrownBy(() -> Client.create(TestDaemon.get().containerd(), stateDir, bad, backend))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void seventySixCharactersIsTheLimit() {
        String id = "a".repeat(76);
        client.create(id, spec(id, false, "true"), null);
        client.delete(id);
    }

    @Test
    void unknownContainerIsNotFoundEverywhere() {
        List<Runnable> calls = List.of(
                () -> client.start("ghost", null, false, new Capture()),
                () -> client.exec("ghost", "e", Specs.process(false, "true"), false, new Capture()),
                () -> client.signalProcess("ghost", Client.INIT_PROCESS_NAME, 9),
                () -> client.resizeTerminal("ghost", Client.INIT_PROCESS_NAME, 1, 1),
                () -> client.closeStdin("ghost", Client.INIT_PROCESS_NAME),
                () -> client.pause("ghost"),
                () -> client.resume("ghost"),
                () -> client.stats("ghost"),
                () -> client.listPids("ghost"),
                () -> client.summary("ghost"),
                () -> client.deleteTask("ghost"),
                () -> client.delete("ghost"),
                () -> client.status("ghost"),
                () -> client.updateResources("ghost", LinuxResources.fromJson("{}")),
                () -> client.restore("ghost", io -> {}));
        for (Runnable r : calls) {
            assertThatThrownBy(r::run).isInstanceOf(NotFoundException.class).hasMessageContaining("no such container");
        }
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void containerWithoutTaskIsNotRunning() {
        String id = create("notask", false, "true");
        List<Runnable> calls = List.of(
                () -> client.signalProcess(id, Client.INIT_PROCESS_NAME, 9),
                () -> client.pause(id),
                () -> client.stats(id),
                () -> client.listPids(id),
                () -> client.deleteTask(id),
                () -> client.status(id));
        for (Runnable r : calls) {
            assertThatThrownBy(r::run).isInstanceOf(NotFoundException.class).hasMessageContaining("not running");
        }
        assertThatThrownBy(() -> client.exec(id, "e", Specs.process(false, "true"), false, new Capture()))
                .isInstanceOf(ConflictException.class);
        assertThat(client.restore(id, io -> {
                    throw new AssertionError("no task to attach");
                }))
                .isEqualTo(new RestoreResult(false, 0));
    }

    @Test
    void duplicatesAndStateRefusalsAreConflicts() throws Exception {
        String id = create("dup", false, "sleep", "1000");
        assertThatThrownBy(() -> client.create(id, spec(id, false, "true"), null))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already in use");
        client.start(id, null, false, new Capture());
        assertThatThrownBy(() -> client.start(id, null, false, new Capture())).isInstanceOf(ConflictException.class);
        assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        assertThatThrownBy(() -> client.deleteTask(id)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.delete(id)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.resume(id)).isInstanceOf(ConflictException.class);

        client.pause(id);
        assertThat(client.status(id)).isEqualTo(Status.PAUSED);
        assertThatThrownBy(() -> client.pause(id)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.exec(id, "p", Specs.process(false, "true"), false, new Capture()))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.deleteTask(id)).isInstanceOf(ConflictException.class);
        assertThat(stateDir.resolve(id).toFile().list()).doesNotContain("p-stdout");
        client.resume(id);

        client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
        backend.awaitExit(id, id);
        await().until(() -> client.status(id) == Status.STOPPED);
        assertThatThrownBy(() -> client.exec(id, "s", Specs.process(false, "true"), false, new Capture()))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.updateResources(id, LinuxResources.fromJson("{\"pids\":{\"limit\":10}}")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.start(id, null, false, new Capture())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.delete(id)).isInstanceOf(ConflictException.class);
        assertThat(client.deleteTask(id).exitCode()).isEqualTo(137);
        client.delete(id);
        assertThatThrownBy(() -> client.delete(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aTaskCreatedButNeverStartedCanBeDeleted() {
        // what a start that timed out between create and start leaves behind
        String id = create("created", false, "true");
        TestDaemon.get()
                .containerd()
                .connection()
                .tasks(ns)
                .create(containerd.services.tasks.v1.CreateTaskRequest.newBuilder()
                        .setContainerId(id)
                        .build());
        assertThat(client.status(id)).isEqualTo(Status.CREATED);
        client.deleteTask(id);
        assertThatThrownBy(() -> client.status(id)).isInstanceOf(NotFoundException.class);
        client.delete(id);
    }

    @Test
    void startOfAMissingBinaryFailsWithoutEventsAndTheContainerStaysDeletable() throws Exception {
        String id = create("nobin", false, "/no/such/binary");
        assertThatThrownBy(() -> client.start(id, null, true, new Capture()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("/no/such/binary");
        Thread.sleep(300);
        assertThat(backend.of(id)).isEmpty();
        assertThat(stateDir.resolve(id)).doesNotExist(); // a failed start leaves no trace (issue 8)
        assertThatThrownBy(() -> client.status(id)).isInstanceOf(NotFoundException.class);
        client.delete(id);
        assertThat(stateDir.resolve(id)).doesNotExist();
    }

    @Test
    void missingRootfsAndNullSpecAreInvalid() {
        String id = id("noroot");
        assertThatThrownBy(() ->
                        client.create(id, Specs.spec(ns, id, false, b -> b.rootPath("/no/such/rootfs"), "true"), null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("/no/such/rootfs");
        assertThatThrownBy(() -> client.create(id, null, null)).isInstanceOf(InvalidParameterException.class);
        assertThat(containersInNamespace()).isZero();
    }

    @Test
    void negativeTerminalSizeIsInvalid() {
        String id = create("neg", true, "sleep", "100");
        client.start(id, null, false, new Capture());
        assertThatThrownBy(() -> client.resizeTerminal(id, Client.INIT_PROCESS_NAME, -1, 10))
                .isInstanceOf(InvalidParameterException.class);
    }
}
