package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecIT extends ClientTestBase {

    private String running() {
        String id = create("ex", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        return id;
    }

    private String[] fifos(String id) {
        String[] names = stateDir.resolve(id).toFile().list();
        return names == null ? new String[0] : names;
    }

    @Test
    void execExitCodesEventsAndOutput() {
        String id = running();
        Capture cap = new Capture();
        int pid = client.exec(id, "e1", Specs.process(false, "sh", "-c", "echo out; echo err >&2; exit 5"), false, cap);
        assertThat(pid).isPositive();
        EventInfo exit = backend.awaitExit(id, "e1");
        assertThat(exit.exitCode()).isEqualTo(5);
        assertThat(exit.pid()).isEqualTo(pid);
        assertThat(cap.awaitEof().out()).isEqualTo("out\n");
        assertThat(cap.err()).isEqualTo("err\n");
        RecordingBackend_assertOrder(id);
    }

    private void RecordingBackend_assertOrder(String id) {
        assertThat(backend.of(id).stream()
                        .filter(e -> "e1".equals(e.info().processId()))
                        .map(e -> e.type()))
                .containsExactly(EventType.EXEC_ADDED, EventType.EXEC_STARTED, EventType.EXIT);
    }

    @Test
    void execIdCanBeReusedRightAfterExit() {
        String id = running();
        for (int i = 0; i < 3; i++) {
            int code = i;
            Capture cap = new Capture();
            client.exec(id, "same", Specs.process(false, "sh", "-c", "exit " + code), false, cap);
            // reused the moment the backend sees the exit: the next exec waits for the clean-up
            // that runs beside the EXIT's delivery
            await().pollInterval(Duration.ofMillis(1))
                    .until(() -> backend.of(id).stream()
                                    .filter(e -> e.type() == EventType.EXIT
                                            && "same".equals(e.info().processId()))
                                    .count()
                            == code + 1);
        }
        await().until(() -> fifos(id).length == 2);
        assertThat(fifos(id)).containsExactlyInAnyOrder("init-stdout", "init-stderr");
    }

    @Test
    void execIdInUseIsConflict() {
        String id = running();
        client.exec(id, "busy", Specs.process(false, "sleep", "1000"), false, new Capture());
        assertThatThrownBy(() -> client.exec(id, "busy", Specs.process(false, "true"), false, new Capture()))
                .isInstanceOf(ConflictException.class);
        assertThat(fifos(id)).contains("busy-stdout", "busy-stderr");
        client.signalProcess(id, "busy", 9);
        assertThat(backend.awaitExit(id, "busy").exitCode()).isEqualTo(137);
    }

    @Test
    void execOfAMissingBinaryFailsCleanly() {
        String id = running();
        int before = client.listPids(id).size();
        assertThatThrownBy(() -> client.exec(id, "nope", Specs.process(false, "/no/such/binary"), true, new Capture()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("/no/such/binary");
        assertThat(fifos(id)).noneMatch(n -> n.startsWith("nope-"));
        assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        assertThat(client.listPids(id)).hasSize(before);
        // the id is free again and the container still execs
        Capture cap = new Capture();
        client.exec(id, "nope", Specs.process(false, "echo", "fine"), false, cap);
        assertThat(backend.awaitExit(id, "nope").exitCode()).isZero();
        assertThat(cap.awaitEof().out()).isEqualTo("fine\n");
    }

    @Test
    void unknownExecIdIsNotFound() {
        String id = running();
        assertThatThrownBy(() -> client.signalProcess(id, "ghost", 9))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no such exec");
        assertThatThrownBy(() -> client.closeStdin(id, "ghost"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no such exec");
        assertThatThrownBy(() -> client.resizeTerminal(id, "ghost", 10, 10))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no such exec");
    }

    @Test
    void summaryNamesExecs() {
        String id = running();
        int execPid = client.exec(id, "lister", Specs.process(false, "sleep", "1000"), false, new Capture());
        await().until(() -> client.listPids(id).size() == 2);
        assertThat(client.listPids(id)).contains(execPid);
        assertThat(client.summary(id))
                .contains(new Summary(execPid, "lister"))
                .anyMatch(s -> s.processId().equals(Client.INIT_PROCESS_NAME));
    }
}
