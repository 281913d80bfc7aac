package dev.libcontainerd.supervisor;

import java.util.Locale;

/** containerd's log levels, written to {@code [debug] level} of its configuration. */
public enum LogLevel {
    /** Everything, including per-request tracing. */
    TRACE,
    /** Debugging detail. */
    DEBUG,
    /** containerd's default. */
    INFO,
    /** Warnings and errors only. */
    WARN,
    /** Errors only. */
    ERROR,
    /** Only errors that stop the daemon. */
    FATAL,
    /** Only panics. */
    PANIC;

    /** The name containerd expects in its configuration, e.g. {@code "debug"}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
