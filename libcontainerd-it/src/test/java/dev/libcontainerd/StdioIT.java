package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StdioIT extends ClientTestBase {

    private static String seq(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void stdoutAndStderrAreExactWithoutTerminal() {
        String id = create("split", false, "sh", "-c", "printf 'a\\0b\\n'; echo err >&2; seq 1 50000");
        Capture cap = new Capture();
        client.start(id, null, false, cap);
        cap.awaitEof();
        assertThat(cap.outBytes()).isEqualTo(("a\0b\n" + seq(50000)).getBytes(StandardCharsets.UTF_8));
        assertThat(cap.err()).isEqualTo("err\n");
        assertThat(cap.io().terminal()).isFalse();
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
    }

    @Test
    void terminalMergesStderrAndDeliversLargeOutputWhole() {
        // the process exits at once after writing ~290 KB: nothing may be lost
        String id = create("tty", true, "sh", "-c", "echo err >&2; seq 1 50000");
        Capture cap = new Capture();
        client.start(id, null, false, cap);
        cap.awaitEof();
        assertThat(cap.io().terminal()).isTrue();
        assertThat(cap.io().stderr()).isNull();
        // a terminal turns \n into \r\n
        assertThat(cap.out()).isEqualTo(("err\n" + seq(50000)).replace("\n", "\r\n"));
        assertThat(Files.exists(stateDir.resolve(id).resolve("init-stderr"))).isFalse();
    }

    @Test
    void closingTheStdinStreamGivesTheInitProcessEof() throws Exception {
        String id = create("cat", false, "cat");
        Capture cap = new Capture();
        client.start(id, null, true, cap);
        cap.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
        cap.stdin().close();
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(cap.awaitEof().out()).isEqualTo("ping\n");
    }

    @Test
    void stdinWrittenAndClosedBeforeTheProcessStartsIsDelivered() throws Exception {
        String id = create("early", false, "cat");
        Capture cap = new Capture() {
            @Override
            public void attach(DirectIO io) {
                super.attach(io);
                try {
                    io.stdin().write("early bytes\n".getBytes(StandardCharsets.UTF_8));
                    io.stdin().close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        client.start(id, null, true, cap);
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(cap.awaitEof().out()).isEqualTo("early bytes\n");
    }

    @Test
    void closeStdinGivesEofToInitAndExec() throws Exception {
        String id = create("cs", false, "cat");
        Capture cap = new Capture();
        client.start(id, null, true, cap);
        cap.stdin().write("one\n".getBytes(StandardCharsets.UTF_8));
        cap.stdin().flush();
        await().until(() -> cap.out().equals("one\n"));

        Capture ex = new Capture();
        client.exec(id, "e1", Specs.process(false, "cat"), true, ex);
        ex.stdin().write("two\n".getBytes(StandardCharsets.UTF_8));
        await().until(() -> ex.out().equals("two\n"));
        client.closeStdin(id, "e1");
        assertThat(backend.awaitExit(id, "e1").exitCode()).isZero();
        assertThat(ex.awaitEof().out()).isEqualTo("two\n");

        client.closeStdin(id, Client.INIT_PROCESS_NAME);
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
    }

    @Test
    void execStdinClosedRightAwayStillReachesEof() throws Exception {
        // moby#37870: closing stdin before the exec started must not hang the exec
        String id = create("race", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        for (int i = 0; i < 5; i++) {
            String exec = "x" + i;
            Capture ex = new Capture() {
                @Override
                public void attach(DirectIO io) {
                    super.attach(io);
                    try {
                        io.stdin().write(exec.getBytes(StandardCharsets.UTF_8));
                        io.stdin().close();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            };
            client.exec(id, exec, Specs.process(false, "cat"), true, ex);
            assertThat(backend.awaitExit(id, exec).exitCode()).isZero();
            assertThat(ex.awaitEof().out()).isEqualTo(exec);
        }
    }

    @Test
    void resizeIsSeenByStty() throws Exception {
        String id = create("stty", true, "sh");
        Capture cap = new Capture();
        client.start(id, null, true, cap);
        client.resizeTerminal(id, Client.INIT_PROCESS_NAME, 123, 45);
        cap.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        await().until(() -> cap.out().contains("45 123"));

        Capture ex = new Capture();
        client.exec(id, "tty1", Specs.process(true, "sh"), true, ex);
        client.resizeTerminal(id, "tty1", 80, 24);
        ex.stdin().write("stty size; exit 3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(backend.awaitExit(id, "tty1").exitCode()).isEqualTo(3);
        assertThat(ex.awaitEof().out()).contains("24 80");
        cap.stdin().write("exit 0\n".getBytes(StandardCharsets.UTF_8));
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
    }
}
