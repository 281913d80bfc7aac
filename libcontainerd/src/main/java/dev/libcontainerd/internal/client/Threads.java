package dev.libcontainerd.internal.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The client's few threads, named so that a thread dump says whose they are. */
final class Threads {
    private Threads() {}

    /**
     * Runs backend callbacks. Grows only with the number of containers whose callbacks run at the
     * same moment (a callback may block), and idle threads end after a few seconds, so the count
     * does not follow the number of containers.
     */
    static ExecutorService eventWorkers(String namespace) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), named("libcontainerd-event-" + namespace + "-"));
        return pool;
    }

    /** One thread that waits between reconnection attempts. */
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
