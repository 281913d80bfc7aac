package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import java.nio.file.Files;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleIT extends ClientTestBase {

    @Test
    void echoRunsToExitZeroWithEventsInOrder() throws Exception {
        String id = create("echo", false, "echo", "hello");
        Capture cap = new Capture();
        int pid = client.start(id, null, false, cap);
        assertThat(pid).isPositive();
        EventInfo exit = backend.awaitExit(id, id);
        assertThat(exit.exitCode()).isZero();
        assertThat(exit.pid()).isEqualTo(pid);
        assertThat(exit.exitedAt()).isNotNull();
        assertThat(cap.awaitEof().out()).isEqualTo("hello\n");
        assertThat(backend.types(id)).containsSubsequence(EventType.CREATE, EventType.START, EventType.EXIT);
        assertThat(client.status(id)).isEqualTo(Status.STOPPED);
        ExitStatus st = client.deleteTask(id);
        assertThat(st.exitCode()).isZero();
        client.delete(id);
        assertThat(Files.exists(stateDir.resolve(id))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"exit 0,0", "exit 7,7"})
    void exitCodesAreReported(String script, int code) {
        String id = create("code", false, "sh", "-c", script);
        client.start(id, null, false, new Capture());
        assertThat(backend.awaitExit(id, id).exitCode()).isEqualTo(code);
        assertThat(client.deleteTask(id).exitCode()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"9,137", "15,143"})
    void signalsGiveTheirExitCodes(int signal, int code) {
        // sh as pid 1 ignores SIGTERM without a handler: trap it so 143 is observable
        String id = create("sig", false, "sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.1; done");
        client.start(id, null, false, new Capture());
        Awaitility.await().until(() -> client.status(id) == Status.RUNNING);
        client.signalProcess(id, Client.INIT_PROCESS_NAME, signal);
        assertThat(backend.awaitExit(id, id).exitCode()).isEqualTo(code);
        assertThat(client.deleteTask(id).exitCode()).isEqualTo(code);
    }
}
