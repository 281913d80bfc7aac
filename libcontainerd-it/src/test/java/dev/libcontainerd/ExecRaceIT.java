package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.CpuLoad;
import dev.libcontainerd.testing.Specs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, defect 3: a short exec whose EXEC_STARTED and EXIT were already delivered made
 * {@code exec()} throw "no such exec", because the exit's clean-up deleted the exec before
 * containerd's Start handler had asked the shim for its pid. Loops the race for a bounded time.
 */
class ExecRaceIT extends ClientTestBase {
    private static final int THREADS = Integer.getInteger("lcd.race.threads", 4);
    private static final Duration RUN_FOR = Duration.ofSeconds(Long.getLong("lcd.race.seconds", 20));
    private static final int LOAD = Integer.getInteger("lcd.race.load", 2);
    private static final Logger log = LoggerFactory.getLogger(ExecRaceIT.class);

    @Test
    void shortExecsFromSeveralThreadsNeverFailAndTheirIdsAreReusableAtOnce() throws Exception {
        String id = create("race", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        long deadline = t0 + RUN_FOR.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        int total = 0;
        try (CpuLoad load = CpuLoad.start(LOAD)) {
            List<Future<Integer>> loops = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean reuse = t % 2 == 1;
                String prefix = "t" + t;
                loops.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < deadline && failures.isEmpty()) {
                        // half the threads reuse one id, which must be free once its EXIT reached
                        // the backend; the other half use fresh ids and never wait
                        String execId = reuse ? prefix : prefix + "-" + n;
                        try {
                            client.exec(id, execId, Specs.process(false, "true"), false, new Capture());
                            n++;
                            if (reuse) {
                                long want = n;
                                Awaitility.await("EXIT " + want + " of " + execId)
                                        .atMost(Duration.ofSeconds(10))
                                        .pollInterval(Duration.ofMillis(2))
                                        .until(() -> backend.exitCount(id, execId) >= want);
                            }
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(String.format(
                                    "%s, after %d execs in %.1f s: %s", execId, n, (System.nanoTime() - t0) / 1e9, e));
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
        log.info("{} execs in {} s, {} failed", total, RUN_FOR.toSeconds(), failures.size());
        assertThat(failures).as("exec failures in %d execs", total).isEmpty();
        assertThat(total).as("execs run").isPositive();
        int execs = total;
        await("every exec's EXIT")
                .atMost(Duration.ofSeconds(10))
                .until(() -> backend.of(id).stream()
                                .filter(e -> e.type() == EventType.EXIT)
                                .count()
                        >= execs);
        assertThat(backend.of(id).stream()
                        .filter(e -> e.type() == EventType.EXIT)
                        .map(e -> e.info().exitCode()))
                .as("exit codes")
                .containsOnly(0);
        Thread.sleep(1000);
        long exits =
                backend.of(id).stream().filter(e -> e.type() == EventType.EXIT).count();
        assertThat(exits).as("one EXIT per exec, none for init").isEqualTo(execs);
        await("FIFOs of finished execs removed")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stateDir.resolve(id).toFile().list())
                        .containsExactlyInAnyOrder("init-stdout", "init-stderr"));
    }
}
