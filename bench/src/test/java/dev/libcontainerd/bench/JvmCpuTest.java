package dev.libcontainerd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmCpuTest {
    @Test
    void threadsAreSortedByTheKernelsFifteenCharacterNames() {
        assertThat(JvmCpu.kind("C2 CompilerThre")).isEqualTo("jit");
        assertThat(JvmCpu.kind("GC Thread#0")).isEqualTo("gc");
        assertThat(JvmCpu.kind("libcontainerd-g")).isEqualTo("grpc");
        assertThat(JvmCpu.kind("libcontainerd-s")).isEqualTo("stdio");
        assertThat(JvmCpu.kind("libcontainerd-e")).isEqualTo("events");
        assertThat(JvmCpu.kind("libcontainerd-c")).isEqualTo("events");
        assertThat(JvmCpu.kind("bench-worker-3")).isEqualTo("callers");
        assertThat(JvmCpu.kind("bench-ctr-event")).isEqualTo("harness");
        assertThat(JvmCpu.kind("Signal Dispatch")).isEqualTo("other");
    }

    @Test
    void aBusyCallerThreadsCpuIsChargedToCallersAndAnEndedThreadsToEnded() throws Exception {
        JvmCpu.Snapshot before = JvmCpu.snapshot();
        Thread worker = new Thread(() -> spin(200), "bench-worker-9");
        worker.start();
        worker.join();
        Map<String, Double> after = JvmCpu.since(before);
        // the worker ended before the second snapshot: its time is the process's, under "ended"
        assertThat(after.get("ended")).isGreaterThan(100.0);
        assertThat(after.get("callers")).isLessThan(50.0);

        // a thread still alive at the second snapshot is charged to its own kind
        JvmCpu.Snapshot start = JvmCpu.snapshot();
        Object done = new Object();
        synchronized (done) {
            Thread spinner = new Thread(
                    () -> {
                        spin(200);
                        synchronized (done) {
                            done.notifyAll();
                        }
                        sleepQuietly();
                    },
                    "bench-worker-7");
            spinner.setDaemon(true);
            spinner.start();
            done.wait();
        }
        assertThat(JvmCpu.since(start).get("callers")).isGreaterThan(100.0);
    }

    /** Spends {@code millis} of this thread's own CPU time (not wall time: CI machines are loaded). */
    private static void spin(long millis) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long end = mx.getCurrentThreadCpuTime() + millis * 1_000_000;
        long x = 0;
        while (mx.getCurrentThreadCpuTime() < end) {
            x++;
        }
        if (x == 42) {
            System.err.print("");
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
