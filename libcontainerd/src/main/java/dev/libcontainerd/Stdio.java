package dev.libcontainerd;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a process's standard streams go, as containerd's {@code cio} options: attached to this
 * JVM, appended to a log file by the shim, or nowhere.
 *
 * <ul>
 *   <li>{@link #attach} — FIFOs whose host ends the library hands to a {@link StdioCallback}
 *       before the process starts (what {@link Client#start(String, Path, boolean, StdioCallback)}
 *       does).
 *   <li>{@link #sink} — output delivered to an {@link OutputSink} from one reader thread per
 *       client, however many processes: for watching many containers without a thread each.
 *   <li>{@link #logFile} — the shim itself appends stdout and stderr, merged, to a file: no FIFO,
 *       no thread and no process in this JVM, and the log keeps growing after this JVM exits.
 *   <li>{@link #none} — output is discarded and stdin is empty ({@code /dev/null}).
 * </ul>
 */
public sealed interface Stdio permits Stdio.Attach, Stdio.Sink, Stdio.LogFile, Stdio.None {

    /**
     * Streams attached to this JVM.
     *
     * @param withStdin whether the process gets a stdin stream
     * @param callback called with the streams before the process starts
     */
    static Stdio attach(boolean withStdin, StdioCallback callback) {
        return new Attach(withStdin, Objects.requireNonNull(callback, "callback"));
    }

    /** Output read for the caller into {@code sink} (no stdin). */
    static Stdio sink(OutputSink sink) {
        return new Sink(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * stdout and stderr appended to {@code file} by containerd's shim (created if missing, with
     * its parent directories). Not for terminal processes, whose output the shim cannot write to
     * a file. Known limit of containerd 1.6's runc shim: it closes the shared file as soon as
     * stdout ends, so stderr written in the last instant before the process exits can be lost
     * (its {@code copyPipes} hands stdout the file itself rather than the counted wrapper).
     *
     * @throws InvalidParameterException if {@code file} is not an absolute path
     */
    static Stdio logFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!file.isAbsolute()) {
            throw new InvalidParameterException("log file must be an absolute path: " + file);
        }
        return new LogFile(file.normalize());
    }

    /** No stdin, and output discarded. */
    static Stdio none() {
        return None.INSTANCE;
    }

    /** See {@link Stdio#attach}. */
    record Attach(boolean withStdin, StdioCallback callback) implements Stdio {}

    /** See {@link Stdio#sink}. */
    record Sink(OutputSink sink) implements Stdio {}

    /** See {@link Stdio#logFile}. */
    record LogFile(Path file) implements Stdio {}

    /** See {@link Stdio#none}. */
    final class None implements Stdio {
        private static final None INSTANCE = new None();

        private None() {}

        @Override
        public String toString() {
            return "Stdio.none()";
        }
    }
}
