package dev.libcontainerd.internal.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs one container at a time, in the order they were appended (the seed's
 * {@code queue.Queue}). Jobs of different containers run concurrently; a job that throws is
 * logged and the container's later jobs still run; a job that blocks delays only its container.
 */
public final class ContainerQueue {
    private static final Logger log = LoggerFactory.getLogger(ContainerQueue.class);

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Executor executor;

    /** @param executor runs the jobs; it must not be a small fixed pool, as jobs may block */
    public ContainerQueue(Executor executor) {
        this.executor = executor;
    }

    /** Appends {@code job} to {@code containerId}'s queue. */
    public void append(String containerId, Runnable job) {
        Runnable guarded = () -> {
            try {
                job.run();
            } catch (Throwable t) {
                log.error("event handler for container {} failed", containerId, t);
            }
        };
        CompletableFuture<Void> tail;
        try {
            tail = tails.compute(
                    containerId,
                    (id, prev) -> prev == null
                            ? CompletableFuture.runAsync(guarded, executor)
                            : prev.thenRunAsync(guarded, executor));
        } catch (RejectedExecutionException e) {
            log.debug("client closed; dropping an event of {}", containerId);
            return;
        }
        // Drop the entry once idle so the map holds only containers with pending jobs.
        tail.whenComplete((v, e) -> tails.remove(containerId, tail));
    }
}
