package dev.libcontainerd.cli.commands;

import dev.libcontainerd.Client;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.io.DetachKeys;
import dev.libcontainerd.cli.io.LocalTerminal;
import dev.libcontainerd.cli.io.SignalForwarder;
import dev.libcontainerd.cli.io.Tty;
import dev.libcontainerd.cli.logs.LogReader;
import dev.libcontainerd.cli.logs.LogRecord;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.ExitWatcher;
import dev.libcontainerd.cli.task.Monitor;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.utils.NonBlockingInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd attach}: the container's output from now on (stdout to stdout, stderr to stderr,
 * read from its log as its monitor writes it), the input typed here to its stdin if it was
 * started with {@code -i} (through its monitor's stdin FIFO), until it exits — then with its
 * exit code — or until the detach keys are typed.
 */
@Command(
        name = "attach",
        description = "Attach to a running container: its output, and your input if it was started with -i. "
                + "Ctrl-P Ctrl-Q detaches from a -it container; exits with the container's exit code.")
public final class AttachCommand extends BaseCommand {
    private static final long POLL_MS = 50;

    @Option(names = "--no-stdin", description = "Do not attach stdin.")
    boolean noStdin;

    @Option(
            names = "--detach-keys",
            paramLabel = "KEYS",
            defaultValue = DetachKeys.DEFAULT,
            description = "The keys that detach from a -it container (default: ${DEFAULT-VALUE}).")
    String detachKeys;

    @Option(
            names = "--sig-proxy",
            arity = "0..1",
            defaultValue = "true",
            fallbackValue = "true",
            paramLabel = "BOOL",
            description = "Forward the signals lcd gets to the container (without a terminal; default: true).")
    boolean sigProxy;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    /** docker attach's status after the detach keys (the container runs on). */
    private static final int DETACHED = 1;

    private final CountDownLatch detached = new CountDownLatch(1);
    private boolean escaped;

    @Override
    public Integer call() throws IOException, InterruptedException {
        DetachKeys keys = DetachKeys.parse(detachKeys);
        Context ctx = context();
        ExitWatcher watcher = new ExitWatcher(id, id);
        ctx.events().add(watcher); // before the client subscribes: no exit slips by
        ContainerInfo c = Containers.get(ctx, id);
        if (!Containers.running(c)) {
            throw new CliException("You cannot attach to a stopped container, start it first");
        }
        if (c.status().orElse(null) == Status.PAUSED) {
            throw new CliException("You cannot attach to a paused container, unpause it first");
        }
        boolean tty = c.spec().process() != null && c.spec().process().terminal();
        Path log = ctx.layout().logFile(ctx.namespace(), id);
        if (!Files.exists(log)) {
            throw new CliException("cannot attach to " + id + ": it was not started by lcd (it has no log)");
        }
        Path fifo = Monitor.stdinFifo(ctx, id);
        boolean withStdin =
                !noStdin && "true".equals(c.spec().annotations().get(Monitor.STDIN_ANNOTATION)) && Files.exists(fifo);
        LocalTerminal terminal = null;
        if (tty && withStdin) {
            if (!Tty.stdinIsTerminal()) {
                throw new CliException("the input device is not a TTY (use --no-stdin, or attach from a terminal)");
            }
            terminal = LocalTerminal.open();
        }
        SignalForwarder forwarder = !tty && sigProxy ? SignalForwarder.start(sig -> signal(ctx, sig)) : null;
        try (LogReader reader = LogReader.open(log, true)) {
            OutputStream out = terminal != null ? terminal.output() : new FileOutputStream(FileDescriptor.out);
            OutputStream err = new FileOutputStream(FileDescriptor.err);
            if (terminal != null) {
                terminal.onResize((w, h) -> resize(ctx, w, h));
            }
            if (withStdin) {
                InputStream in = terminal != null ? terminal.input() : System.in;
                forwardInput(in, fifo, tty ? keys : DetachKeys.parse(""));
            }
            while (!watcher.exit().isDone()) {
                print(reader.next(), out, err);
                if (detached.await(POLL_MS, TimeUnit.MILLISECONDS)) {
                    print(reader.next(), out, err);
                    escaped = true;
                    return DETACHED;
                }
            }
            Monitor.awaitGone(ctx, id); // the last output is in the log once the monitor ended
            print(reader.next(), out, err);
            return watcher.exit().join().exitCode();
        } finally {
            if (forwarder != null) {
                forwarder.close();
            }
            if (terminal != null) {
                terminal.close();
            }
            if (escaped) {
                System.err.println("read escape sequence"); // docker's words, once the terminal is back
            }
        }
    }

    private void forwardInput(InputStream in, Path fifo, DetachKeys keys) throws IOException {
        // read-write: opening never waits for a reader, and a gone monitor is no error here
        RandomAccessFile stdin = new RandomAccessFile(fifo.toFile(), "rw");
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[4096];
                    ByteArrayOutputStream forward = new ByteArrayOutputStream();
                    try (stdin) {
                        while (true) {
                            int n;
                            if (in instanceof NonBlockingInputStream nb) {
                                int c = nb.read(100L);
                                if (c == NonBlockingInputStream.READ_EXPIRED) {
                                    continue;
                                }
                                if (c < 0) {
                                    return;
                                }
                                buf[0] = (byte) c;
                                n = 1 + Math.max(0, nb.read(buf, 1, Math.min(nb.available(), buf.length - 1)));
                            } else {
                                n = in.read(buf);
                                if (n < 0) {
                                    return; // our input ended; the container's stdin stays open, as docker's
                                }
                            }
                            forward.reset();
                            boolean detach = keys.scan(buf, 0, n, forward);
                            stdin.write(forward.toByteArray());
                            if (detach) {
                                detached.countDown();
                                return;
                            }
                        }
                    } catch (IOException e) {
                        // the container is gone: its exit ends the attach
                    }
                },
                "lcd-attach-stdin");
        t.setDaemon(true);
        t.start();
    }

    private void signal(Context ctx, int sig) {
        try {
            ctx.client().signalProcess(id, Client.INIT_PROCESS_NAME, sig);
        } catch (RuntimeException e) {
            // gone: its exit ends the attach
        }
    }

    private void resize(Context ctx, int w, int h) {
        try {
            ctx.client().resizeTerminal(id, Client.INIT_PROCESS_NAME, w, h);
        } catch (RuntimeException e) {
            // gone: its exit ends the attach
        }
    }

    private static void print(List<LogRecord> records, OutputStream out, OutputStream err) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        for (LogRecord r : records) {
            (r.stderr() ? err : out).write(r.output());
        }
        out.flush();
        err.flush();
    }
}
