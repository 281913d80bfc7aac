package dev.libcontainerd;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The host ends of a process's stdio.
 *
 * <p>Closing {@link #stdin()} makes the process read EOF (the library tells containerd once the
 * process has started). {@link #stdout()} and {@link #stderr()} reach EOF once the process and
 * everything that holds its output have exited, after every byte was delivered.
 */
public interface DirectIO {
    /** The process's standard input, or {@code null} when it was started without stdin. */
    OutputStream stdin();

    /** The process's standard output; in terminal mode, the terminal's output. */
    InputStream stdout();

    /** The process's standard error, or {@code null} in terminal mode. */
    InputStream stderr();

    /** Whether the process runs with a terminal. */
    boolean terminal();
}
