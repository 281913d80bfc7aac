package dev.libcontainerd.internal.stdio;

import java.io.Closeable;
import java.util.function.Consumer;

/** The host ends of one process's stdio, whichever way they are consumed. */
public interface ProcessIo extends Closeable {
    /** The shim holds its own writers now (after create/exec-start): EOF will mean the end. */
    void releasePlaceholders();

    /** The process started: a stdin close now reaches containerd through {@code closeIo}. */
    void openStdinGate(Consumer<String> closeIo);

    /** The process is gone: close what this side writes; readers drain to EOF. */
    void closeWriters();

    /** Closes stdin as the user's close does; false when the process has no stdin here. */
    boolean closeStdin();

    /** Whether every output stream was read to EOF (nothing left open). */
    boolean drained();

    /** Closes every descriptor. */
    @Override
    void close();
}
