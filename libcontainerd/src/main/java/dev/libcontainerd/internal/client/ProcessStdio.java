package dev.libcontainerd.internal.client;

import dev.libcontainerd.Stdio;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.internal.stdio.FifoIO;
import dev.libcontainerd.internal.stdio.FifoSet;
import dev.libcontainerd.internal.stdio.ProcessIo;
import dev.libcontainerd.internal.stdio.SinkIO;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One process's stdio as the create/exec request names it: FIFOs whose host ends this JVM holds
 * ({@link Stdio#attach}), a {@code file://} URI the shim writes itself ({@link Stdio#logFile}), or
 * nothing ({@link Stdio#none}: the shim uses {@code /dev/null}).
 */
final class ProcessStdio {
    private final String stdin;
    private final String stdout;
    private final String stderr;
    private final FifoSet fifos; // null unless attached
    private final ProcessIo io; // null unless read by this JVM

    private ProcessStdio(String stdin, String stdout, String stderr, FifoSet fifos, ProcessIo io) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.fifos = fifos;
        this.io = io;
    }

    /**
     * Makes what the request needs: for an attached process its FIFOs (removing leftovers that
     * {@code stale} says are dead) and their host ends, opened without blocking.
     */
    static ProcessStdio prepare(
            Stdio stdio, Path dir, String processId, boolean terminal, BooleanSupplier stale, ClientContext ctx) {
        if (stdio instanceof Stdio.LogFile log) {
            if (terminal) {
                throw new InvalidParameterException("a terminal's output cannot go to a log file: "
                        + "use Stdio.attach, or a process without a terminal");
            }
            String uri = log.file().toUri().toString();
            return new ProcessStdio("", uri, uri, null, null);
        }
        boolean withStdin;
        if (stdio instanceof Stdio.Attach attach) {
            withStdin = attach.withStdin();
        } else if (stdio instanceof Stdio.Sink) {
            withStdin = false;
        } else {
            return new ProcessStdio("", "", "", null, null);
        }
        FifoSet.createDir(dir);
        FifoSet fifos = FifoSet.of(dir, processId, withStdin, terminal);
        StdioSetup.createFifos(fifos, processId, stale);
        try {
            ProcessIo io = stdio instanceof Stdio.Sink sink
                    ? SinkIO.open(fifos, sink.sink(), ctx.pump())
                    : FifoIO.open(fifos, processId, ctx.timer());
            return new ProcessStdio(path(fifos.stdin()), path(fifos.stdout()), path(fifos.stderr()), fifos, io);
        } catch (RuntimeException e) {
            fifos.remove();
            throw e;
        }
    }

    private static String path(Path p) {
        return p == null ? "" : p.toString();
    }

    String stdin() {
        return stdin;
    }

    String stdout() {
        return stdout;
    }

    String stderr() {
        return stderr;
    }

    /** The host ends, or null when this JVM does not read the process's output. */
    ProcessIo io() {
        return io;
    }

    /** Runs the caller's callback, for an attached process. */
    void attach(Stdio stdio) {
        if (stdio instanceof Stdio.Attach attach) {
            StdioSetup.attach(attach.callback(), (FifoIO) io);
        }
    }

    /** The shim holds its writers now: EOF will mean the process's output ended. */
    void shimAttached() {
        if (io != null) {
            io.releasePlaceholders();
        }
    }

    /** The process started: a stdin close now reaches containerd through {@code closeIo}. */
    void started(Consumer<String> closeIo) {
        if (io != null) {
            io.releasePlaceholders();
            io.openStdinGate(closeIo);
        }
    }

    /** The call failed: close the host ends and remove the FIFOs. */
    void discard() {
        if (io != null) {
            io.close();
        }
        if (fifos != null) {
            fifos.remove();
        }
    }
}
