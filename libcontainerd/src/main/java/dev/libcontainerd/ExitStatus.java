package dev.libcontainerd;

import java.time.Instant;

/**
 * How a process ended.
 *
 * @param exitCode its exit status (128 + signal number when a signal killed it)
 * @param exitedAt when it exited
 */
public record ExitStatus(int exitCode, Instant exitedAt) {}
