package dev.libcontainerd.supervisor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's one thread: health-checks the daemon every interval, relaunches it when it
 * dies, and SIGKILLs and relaunches it when it is alive but has not answered for longer than the
 * unresponsive limit (dockerd never restarted a hung daemon; we do).
 */
final class Monitor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** How long a SIGKILLed daemon may take to disappear before we relaunch regardless. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final DaemonControl control;
    private final SupervisorOptions options;
    private final SupervisorTimings timings;
    private final Object lock = new Object();
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread thread;

    private volatile Daemon current;
    private volatile boolean healthy;
    private boolean stopping; // guarded by lock
    private long lastAnswerNanos;
    private Duration backoff;

    /**
     * A monitor for {@code daemon}, which has just answered a health check; {@code name} tells
     * its thread apart in thread dumps.
     */
    Monitor(DaemonControl control, SupervisorOptions options, SupervisorTimings timings, Daemon daemon, String name) {
        this.control = control;
        this.options = options;
        this.timings = timings;
        this.current = daemon;
        this.healthy = true;
        this.lastAnswerNanos = System.nanoTime();
        this.backoff = timings.restartBackoffMin();
        this.thread = new Thread(this, "containerd-supervisor " + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The daemon being watched, or null between a death and the relaunch. */
    Daemon current() {
        return current;
    }

    boolean healthy() {
        Daemon d = current;
        return healthy && d != null && d.alive();
    }

    int restarts() {
        return restarts.get();
    }

    /**
     * Ends the loop and waits for the thread, so that it launches nothing afterwards. The wait
     * is bounded by the longest thing the loop does: one health check or one kill.
     */
    void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(
                    timings.healthCheckTimeout().plus(KILL_WAIT).plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("containerd monitor thread did not stop in time");
        }
    }

    @Override
    public void run() {
        while (!stopping()) {
            try {
                step();
            } catch (InterruptedException e) {
                // Nobody else interrupts this thread; treat it as a request to stop.
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("containerd monitor: unexpected failure; carrying on", e);
                pause(timings.healthCheckInterval());
            }
        }
    }

    private void step() throws InterruptedException {
        Daemon d = current;
        if (d == null || !d.alive()) {
            healthy = false;
            if (d != null) {
                current = null;
                String how = d.exitCode().isPresent()
                        ? "exited with code " + d.exitCode().getAsInt()
                        : "exited";
                if (timings.restarts()) {
                    LOG.warn("{} {}; restarting in {} ms", d, how, backoff.toMillis());
                } else {
                    LOG.warn("{} {}; not restarted (restarts are off)", d, how);
                }
            }
            if (timings.restarts()) {
                relaunch();
            } else {
                pause(timings.healthCheckInterval());
            }
            return;
        }
        if (control.check(timings.healthCheckTimeout())) {
            if (!healthy) {
                LOG.info("{} is answering", d);
            }
            healthy = true;
            lastAnswerNanos = System.nanoTime();
            backoff = timings.restartBackoffMin();
        } else {
            healthy = false;
            long silentNanos = System.nanoTime() - lastAnswerNanos;
            if (d.alive() && silentNanos > options.unresponsiveLimit().toNanos()) {
                LOG.warn(
                        "{} has not answered health checks for {} ms; killing and restarting it",
                        d,
                        silentNanos / 1_000_000);
                d.kill();
                if (!d.awaitExit(KILL_WAIT)) {
                    LOG.error("{} survived SIGKILL for {}; relaunching anyway", d, KILL_WAIT);
                    current = null;
                }
                return; // the next step sees it dead and relaunches
            }
        }
        pause(timings.healthCheckInterval());
    }

    private void relaunch() {
        if (!pause(backoff)) {
            return;
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(timings.restartBackoffMax()) > 0 ? timings.restartBackoffMax() : doubled;
        synchronized (lock) {
            if (stopping) {
                return; // close() is about to stop whatever is current; launch nothing new
            }
        }
        try {
            Daemon d = control.launch();
            current = d;
            lastAnswerNanos = System.nanoTime(); // the limit runs from the launch
            int n = restarts.incrementAndGet();
            LOG.warn("restarted containerd (restart #{}): pid {}", n, d.pid());
        } catch (RuntimeException e) {
            LOG.error("failed restarting containerd; retrying in {} ms", backoff.toMillis(), e);
        }
    }

    /** Sleeps for {@code d} unless stopped; false if the monitor is stopping. */
    private boolean pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            return false;
        }
    }

    private boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }
}
