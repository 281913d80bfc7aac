package dev.libcontainerd;

/**
 * One process of a container.
 *
 * @param pid its host pid
 * @param processId {@link Client#INIT_PROCESS_NAME} for the init process or an exec's children,
 *     or the exec id for an exec's main process
 */
public record Summary(int pid, String processId) {}
