package dev.libcontainerd;

import java.time.Instant;

/**
 * A container's task as containerd reports it.
 *
 * @param pid the init process's host pid (0 once containerd no longer has it)
 * @param status the task's status
 * @param exitCode the init process's exit status, when {@code status} is STOPPED
 * @param exitedAt when it exited, or {@code null} while it runs
 * @param terminal whether the init process has a terminal
 */
public record TaskInfo(int pid, Status status, int exitCode, Instant exitedAt, boolean terminal) {}
