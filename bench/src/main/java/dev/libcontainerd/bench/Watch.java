package dev.libcontainerd.bench;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The bench's backend: completes a future per process EXIT, stamped when the callback ran. */
final class Watch implements Backend {
    /**
     * One EXIT as the backend got it.
     *
     * @param nanos {@link System#nanoTime()} at the callback
     * @param lagMs the callback's wall time minus containerd's {@code exitedAt}
     */
    record Exit(EventInfo info, long nanos, double lagMs) {}

    private final Map<String, CompletableFuture<Exit>> exits = new ConcurrentHashMap<>();

    @Override
    public void processEvent(String containerId, EventType type, EventInfo info) {
        if (type != EventType.EXIT) {
            return;
        }
        Instant wall = Instant.now();
        long now = System.nanoTime();
        double lag = info.exitedAt() == null
                ? Double.NaN
                : Duration.between(info.exitedAt(), wall).toNanos() / 1e6;
        exit(containerId, info.processId()).complete(new Exit(info, now, lag));
    }

    /** The future of a process's EXIT; {@code process} null or the container id for the init process. */
    CompletableFuture<Exit> exit(String container, String process) {
        return exits.computeIfAbsent(key(container, process), k -> new CompletableFuture<>());
    }

    /** Waits for the EXIT (at most {@link Bench#TIMEOUT}) and forgets it. */
    Exit await(String container, String process) throws Exception {
        try {
            return exit(container, process).get(Bench.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            exits.remove(key(container, process));
        }
    }

    private static String key(String container, String process) {
        return container + "/" + (process == null ? container : process);
    }
}
