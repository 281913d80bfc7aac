package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.CpuLoad;
import dev.libcontainerd.testing.Specs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, defect 4: bytes written to an exec's stdin and closed at once (inside the stdio
 * callback, or right after {@code exec()} returns) were sometimes lost with the EOF: the host
 * end closed before the shim's asynchronous reader had opened the FIFO, and the process hung.
 * Loops the race for a bounded time; every round must deliver the bytes and EOF.
 */
class StdinRaceIT extends ClientTestBase {
    private static final int THREADS = Integer.getInteger("lcd.race.threads", 4);
    private static final Duration RUN_FOR = Duration.ofSeconds(Long.getLong("lcd.race.seconds", 30));
    private static final Duration ROUND_WAIT = Duration.ofSeconds(5);
    private static final int LOAD = Integer.getInteger("lcd.race.load", 2);
    private static final Logger log = LoggerFactory.getLogger(StdinRaceIT.class);

    /** Writes {@code data} and closes stdin inside the callback, before the process starts. */
    private static final class WriteInCallback extends Capture {
        private final byte[] data;

        WriteInCallback(byte[] data) {
            this.data = data;
        }

        @Override
        public void attach(DirectIO io) {
            super.attach(io);
            writeAndClose(io.stdin(), data);
        }
    }

    private static void writeAndClose(OutputStream stdin, byte[] data) {
        try {
            stdin.write(data);
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void bytesWrittenAndClosedAtOnceAlwaysReachTheProcess() throws Exception {
        String id = create("stdin", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        long deadline = t0 + RUN_FOR.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> loops = new ArrayList<>();
        int total = 0;
        try (CpuLoad load = CpuLoad.start(LOAD)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                loops.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < deadline && failures.isEmpty()) {
                        n++;
                        String execId = "s" + thread + "-" + n;
                        byte[] data = ("bytes of " + execId + "\n").getBytes(StandardCharsets.UTF_8);
                        boolean inCallback = n % 2 == 0;
                        try {
                            // head -c reads exactly the bytes; cat needs the EOF as well
                            String[] args = n % 4 < 2
                                    ? new String[] {"cat"}
                                    : new String[] {"head", "-c", Integer.toString(data.length)};
                            Capture cap = inCallback ? new WriteInCallback(data) : new Capture();
                            client.exec(id, execId, Specs.process(false, args), true, cap);
                            if (!inCallback) {
                                writeAndClose(cap.stdin(), data);
                            }
                            EventInfo exit = backend.awaitExit(id, execId, ROUND_WAIT);
                            assertThat(exit.exitCode()).as("exit code").isZero();
                            assertThat(cap.awaitEof().outBytes()).as("output").isEqualTo(data);
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(String.format(
                                    "%s (%s, %s), after %.1f s: %s",
                                    execId,
                                    inCallback ? "written in the callback" : "written after exec returned",
                                    n % 4 < 2 ? "cat" : "head -c",
                                    (System.nanoTime() - t0) / 1e9,
                                    e));
                        }
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : loops) {
                total += f.get(RUN_FOR.toSeconds() + 60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        log.info("{} execs with stdin in {} s, {} failed", total, RUN_FOR.toSeconds(), failures.size());
        assertThat(failures).as("lost stdin in %d execs", total).isEmpty();
    }
}
