package dev.libcontainerd.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Busy threads that keep the machine's cores contended while a race loop runs: races between
 * the shim's goroutines and the client's calls show up far more often when any thread may be
 * preempted for a few milliseconds, as on a loaded CI machine.
 */
public final class CpuLoad implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    private CpuLoad(int n) {
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(this::spin, "cpu-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Starts {@code n} busy threads (none for {@code n <= 0}). */
    public static CpuLoad start(int n) {
        return new CpuLoad(n);
    }

    private void spin() {
        long x = 0;
        while (!stop) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            Thread.yield(); // keeps the loop from being optimised away
        }
    }

    @Override
    public void close() {
        stop = true;
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
