package dev.libcontainerd.cli.task;

import dev.libcontainerd.DirectIO;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.io.LocalTerminal;
import dev.libcontainerd.cli.io.Pump;
import dev.libcontainerd.cli.io.SignalForwarder;
import dev.libcontainerd.cli.io.Tee;
import dev.libcontainerd.cli.io.Tty;
import dev.libcontainerd.cli.logs.LogWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's stdio joined to the tool's own: output to stdout/stderr, stdin forwarded with
 * {@code -i}, and with {@code -it} the local terminal in raw mode, following window size
 * changes. Without a raw terminal, the signals the tool gets go to the process instead.
 * {@link #close()} gives the terminal and the signal handlers back.
 */
public final class Attachment implements StdioCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Attachment.class);
    private static final long OUTPUT_DRAIN_SECONDS = 10;

    private final boolean forwardStdin;
    private final LocalTerminal terminal;
    private final List<Thread> outputs = new ArrayList<>();
    private volatile boolean done;
    private SignalForwarder forwarder;
    private DirectIO io;

    /** Signals that came before the process ran, delivered once it does. */
    private final List<Integer> early = new ArrayList<>();

    private IntConsumer signalTarget;

    private final LogWriter log;

    private Attachment(boolean forwardStdin, LocalTerminal terminal, LogWriter log) {
        this.forwardStdin = forwardStdin;
        this.terminal = terminal;
        this.log = log;
        if (terminal == null) {
            // from the start: a Ctrl-C between the process's start and started() is not lost
            // (nor kills this JVM while the process runs on)
            forwarder = SignalForwarder.start(this::forward);
        } else {
            // the user's terminal closed: hang the container's terminal up too, as a closed
            // terminal does to its session, so its shell ends (and --rm can reap it)
            forwarder = SignalForwarder.start(this::forward, "HUP");
        }
    }

    private synchronized void forward(int signal) {
        if (signalTarget == null) {
            LOG.debug("signal {} before the process runs: kept until it does", signal);
            early.add(signal);
            return;
        }
        try {
            LOG.debug("forwarding signal {}", signal);
            signalTarget.accept(signal);
        } catch (RuntimeException e) {
            // the process is gone; its exit ends the attachment
            LOG.debug("signal {} not delivered", signal, e);
        }
    }

    /** Prepares the local side; with {@code -it} the terminal is raw from here on. */
    public static Attachment open(boolean interactive, boolean tty) {
        return open(interactive, tty, null);
    }

    /**
     * Prepares the local side; the output is also appended to {@code log} (a container's log, so
     * that {@code lcd logs} shows a foreground container's output too), unless it is null.
     */
    public static Attachment open(boolean interactive, boolean tty, LogWriter log) {
        boolean stdinTty = Tty.stdinIsTerminal();
        if (interactive && tty && !stdinTty) {
            throw new CliException("the input device is not a TTY (drop -t, or run from a terminal)");
        }
        return new Attachment(interactive, interactive && tty ? LocalTerminal.open() : null, log);
    }

    private OutputStream logged(OutputStream out, String stream) {
        return log == null ? out : new Tee(out, log.stream(stream));
    }

    @Override
    public void attach(DirectIO io) {
        outputs.add(Pump.start(
                "lcd-stdout",
                io.stdout(),
                logged(terminal != null ? terminal.output() : new FileOutputStream(FileDescriptor.out), "stdout"),
                false,
                () -> false));
        if (io.stderr() != null) {
            outputs.add(Pump.start(
                    "lcd-stderr",
                    io.stderr(),
                    logged(new FileOutputStream(FileDescriptor.err), "stderr"),
                    false,
                    () -> false));
        }
        this.io = io;
    }

    /**
     * Called once the process runs.
     *
     * @param resize sets the process's terminal size (columns, rows)
     * @param signal delivers a signal number to the process
     */
    public void started(BiConsumer<Integer, Integer> resize, IntConsumer signal) {
        if (forwardStdin && io != null && io.stdin() != null) {
            // Only now: input written and closed between create and start is lost (the early
            // CloseIO wins). EOF here closes the process's stdin: `echo hi | lcd run -i cat` ends.
            Pump.start("lcd-stdin", terminal != null ? terminal.input() : System.in, io.stdin(), true, () -> done);
        }
        if (terminal != null) {
            terminal.onResize((w, h) -> {
                try {
                    resize.accept(w, h);
                } catch (RuntimeException e) {
                    // the process is gone; its exit ends the attachment
                }
            });
        }
        List<Integer> pending;
        synchronized (this) {
            signalTarget = signal;
            pending = List.copyOf(early);
            early.clear();
        }
        pending.forEach(this::forward);
    }

    /** Waits until the process's output has been copied to the end (bounded). */
    public void drain() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OUTPUT_DRAIN_SECONDS);
        for (Thread t : outputs) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        done = true;
        if (forwarder != null) {
            forwarder.close();
        }
        if (terminal != null) {
            terminal.close();
        }
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.debug("closing the log", e);
            }
        }
    }
}
