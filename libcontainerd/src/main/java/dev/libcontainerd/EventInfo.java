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
 * @param error set only on an EXIT whose status nobody can know: the process vanished with its
 *     task (its shim was killed, say) before containerd reported its exit. Its {@code exitCode} is
 *     then {@link #UNKNOWN_EXIT_CODE}, {@code exitedAt} the best time known (the task's end, or
 *     when the library noticed), and {@code error} a {@link
 *     dev.libcontainerd.errdefs.NotFoundException} saying so. Every other event has {@code null}.
 */
public record EventInfo(
        String containerId,
        String processId,
        int pid,
        int exitCode,
        Instant exitedAt,
        boolean oomKilled,
        Throwable error) {

    /**
     * The exit code reported for a process whose real exit status was lost with its task (as
     * Docker reports 255 when a container's exit status cannot be known). Such an EXIT also
     * carries a non-null {@link #error()}, which is what tells it from a process that exited 255.
     */
    public static final int UNKNOWN_EXIT_CODE = 255;
}
