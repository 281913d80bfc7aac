package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stdio as a value: a log file the shim writes, nothing, and a sink fed from one thread. */
class StdioModesIT extends ClientTestBase {

    /** Collects a process's output as the pump delivers it. */
    static final class Collect implements OutputSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String thread;

        private static void copy(ByteBuffer b, ByteArrayOutputStream to) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            synchronized (to) {
                to.write(a, 0, a.length);
            }
        }

        @Override
        public void stdout(ByteBuffer chunk) {
            thread = Thread.currentThread().getName();
            copy(chunk, out);
        }

        @Override
        public void stderr(ByteBuffer chunk) {
            copy(chunk, err);
        }

        @Override
        public void closed() {
            closed.countDown();
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .count();
    }

    @Test
    void aLogFileGetsStdoutAndStderrFromTheShimAndKeepsThem() throws Exception {
        // stderr first: containerd 1.6's shim may drop stderr still in flight when stdout ends
        // (see Stdio.logFile)
        String id = create("log", false, "sh", "-c", "echo err >&2; sleep 0.3; echo out");
        Path log = stateDir.getParent().resolve(id + "-logs/out.log");
        client.start(id, null, Stdio.logFile(log));
        backend.awaitExit(id, id);
        // the shim copies to the file on its own, possibly after the exit was published
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(log)
                        .exists()
                        .satisfies(f -> assertThat(Files.readString(f).lines()).hasSize(2)));
        assertThat(Files.readString(log).lines()).containsExactlyInAnyOrder("out", "err");
        assertThat(stateDir.resolve(id)).doesNotExist(); // no FIFO made for it
        client.deleteTask(id);
        client.delete(id);
        assertThat(log).exists(); // the log belongs to the caller
    }

    @Test
    void aLogFileIsRefusedForATerminalAndARelativePath() {
        String id = create("logtty", true, "true");
        assertThatThrownBy(() -> client.start(id, null, Stdio.logFile(stateDir.resolve("x.log"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("terminal");
        assertThatThrownBy(() -> Stdio.logFile(Path.of("rel.log"))).isInstanceOf(InvalidParameterException.class);
        assertThat(stateDir.resolve(id)).doesNotExist();
    }

    @Test
    void noneRunsWithoutAnyStdio() {
        String id = create("none", false, "sh", "-c", "echo discarded; cat; exit 3");
        client.start(id, null, Stdio.none());
        assertThat(backend.awaitExit(id, id).exitCode()).isEqualTo(3); // cat read EOF from /dev/null
        assertThat(stateDir.resolve(id)).doesNotExist();
    }

    @Test
    void manyProcessesAreDrainedIntoSinksByOneThread() throws Exception {
        int n = 30;
        List<String> ids = new ArrayList<>();
        List<Collect> sinks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // each writes 200 KB, beyond a pipe's buffer, to both streams
            String id = create(
                    "sink" + i,
                    false,
                    "sh",
                    "-c",
                    "i=0; while [ $i -lt 2000 ]; do echo " + i
                            + "-line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo done-"
                            + i + " >&2");
            Collect c = new Collect();
            client.start(id, null, Stdio.sink(c));
            ids.add(id);
            sinks.add(c);
        }
        assertThat(threadsNamed("libcontainerd-stdio-")).isEqualTo(1);
        for (int i = 0; i < n; i++) {
            Collect c = sinks.get(i);
            assertThat(c.closed.await(60, TimeUnit.SECONDS))
                    .as("sink %d closed", i)
                    .isTrue();
            List<String> lines = c.out().lines().toList();
            assertThat(lines).hasSize(2000);
            for (int k = 0; k < lines.size(); k += 499) {
                assertThat(lines.get(k)).startsWith(i + "-line-" + k + "-"); // whole and in order
            }
            assertThat(c.err()).isEqualTo("done-" + i + "\n");
            assertThat(c.thread).startsWith("libcontainerd-stdio-");
            assertThat(backend.awaitExit(ids.get(i), ids.get(i)).exitCode()).isZero();
        }
    }

    @Test
    void anExecCanUseASinkAndALogFile() throws Exception {
        String id = create("execsink", false, "sleep", "1000");
        client.start(id, null, Stdio.none());
        Collect c = new Collect();
        client.exec(id, "e", Specs.process(false, "sh", "-c", "echo hi; echo oops >&2"), Stdio.sink(c));
        assertThat(c.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c.out()).isEqualTo("hi\n");
        assertThat(c.err()).isEqualTo("oops\n");
        Path log = stateDir.getParent().resolve(id + "-logs/exec.log");
        client.exec(id, "f", Specs.process(false, "echo", "logged"), Stdio.logFile(log));
        backend.awaitExit(id, "f");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(log)
                        .exists()
                        .satisfies(f -> assertThat(Files.readString(f)).isEqualTo("logged\n")));
        client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
        backend.awaitExit(id, id);
    }
}
