package dev.libcontainerd;

import java.util.Locale;

/** The state of a container's task, as containerd reports it. */
public enum Status {
    /** The init process is running. */
    RUNNING,
    /** The task exists but was not started. */
    CREATED,
    /** The init process exited; the task waits for {@link Client#deleteTask}. */
    STOPPED,
    /** The task is frozen. */
    PAUSED,
    /** The task is being frozen. */
    PAUSING,
    /** containerd could not tell. */
    UNKNOWN;

    /** The seed's string for this status, e.g. {@code "running"}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
