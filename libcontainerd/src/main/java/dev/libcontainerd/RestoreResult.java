package dev.libcontainerd;

/**
 * The outcome of {@link Client#restore}.
 *
 * @param alive whether the container has a task that has not stopped
 * @param pid the init process's host pid, or 0 when not alive
 */
public record RestoreResult(boolean alive, int pid) {}
