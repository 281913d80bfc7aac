package dev.libcontainerd;

/** The kinds of event a {@link Backend} receives, with the seed's string values. */
public enum EventType {
    /** An event the library could not classify. */
    UNKNOWN("unknown"),
    /** A process (init or exec) exited. */
    EXIT("exit"),
    /** The container's cgroup hit its memory limit. */
    OOM("oom"),
    /** The container's task was created. */
    CREATE("create"),
    /** The container's init process started. */
    START("start"),
    /** An exec process was added to the task. */
    EXEC_ADDED("exec-added"),
    /** An exec process started. */
    EXEC_STARTED("exec-started"),
    /** The task was paused. */
    PAUSED("paused"),
    /** The task was resumed. */
    RESUMED("resumed");

    private final String value;

    EventType(String value) {
        this.value = value;
    }

    /** The seed's string for this type, e.g. {@code "exec-added"}. */
    public String value() {
        return value;
    }
}
