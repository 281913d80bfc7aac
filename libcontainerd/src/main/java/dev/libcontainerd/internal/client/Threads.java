package dev.libcontainerd.internal.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The client's few threads, named so that a thread dump says whose they are. */
final class Threads {
    /**
     * At most this many backend callbacks run at once. When all are busy
     * (backends that block), further work waits in the pool's queue: a container's events are
     * still never reordered or dropped, they are only late.
     */
    static final int MAX_EVENT_WORKERS = 16;

    private Threads() {}

    /** Runs backend callbacks; idle threads end after a while. */
    static ExecutorService eventWorkers(String namespace) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                MAX_EVENT_WORKERS,
                MAX_EVENT_WORKERS,
                5,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                named("libcontainerd-event-" + namespace + "-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** At most this many clean-ups after exits (exec deletes) run at once; more wait their turn. */
    static final int MAX_CLEANUP_WORKERS = 4;

    /**
     * Runs clean-ups after exits, apart from {@link #eventWorkers}: each is a blocking call, and a
     * burst of them in the callbacks' pool would queue later EXITs behind them. Idle threads end
     * after a while.
     */
    static ExecutorService cleanupWorkers(String namespace) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                MAX_CLEANUP_WORKERS,
                MAX_CLEANUP_WORKERS,
                5,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                named("libcontainerd-cleanup-" + namespace + "-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One thread for waits: reconnection backoff, stdin hand-over, delayed checks. */
    static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
