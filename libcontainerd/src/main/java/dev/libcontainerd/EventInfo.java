package dev.libcontainerd;

import java.time.Instant;

/**
 * The details of one event. Absent values are {@code null}, {@code 0} or {@code false}.
 *
 * @param containerId the container the event belongs to; always set
 * @param processId for init events the container id, for exec events the exec id, and
 *     {@code null} for OOM, PAUSED and RESUMED
 * @param pid the host pid of the process, when the event carries one
 * @param exitCode the exit status, for EXIT events
 * @param exitedAt when the process exited, for EXIT events
 * @param oomKilled whether the container has had an OOM event since it was created (sticky until
 *     {@link Client#delete})
 * @param error never set by the containerd-backed client; kept for the seed's shape
 */
public record EventInfo(
        String containerId,
        String processId,
        int pid,
        int exitCode,
        Instant exitedAt,
        boolean oomKilled,
        Throwable error) {}
