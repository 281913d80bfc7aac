package dev.libcontainerd.cli.task;

import dev.libcontainerd.Client;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.logs.LogWriter;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.oci.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a container's init process or an exec, either attached (the tool waits and returns its
 * exit code) or detached (output appended to the container's log file by the shim itself).
 */
public final class Launcher {
    /** A third Ctrl-C in a row kills the container, for processes that ignore SIGINT (sh as pid 1). */
    private static final int INTERRUPTS_BEFORE_KILL = 3;

    private final Context context;

    public Launcher(Context context) {
        this.context = context;
    }

    /** Starts the container's init process attached; returns its exit code. */
    public int startAttached(String id, Path checkpoint, boolean interactive, boolean tty) {
        ExitWatcher watcher = new ExitWatcher(id, id);
        context.events().add(watcher);
        Client client = context.client();
        try (Attachment a = Attachment.open(interactive, tty, log(id))) {
            invoke(() -> client.start(id, checkpoint, interactive, a));
            a.started(
                    (w, h) -> client.resizeTerminal(id, Client.INIT_PROCESS_NAME, w, h),
                    signalTo(id, Client.INIT_PROCESS_NAME));
            int code = await(watcher.exit());
            a.drain();
            return code;
        }
    }

    /** The container's log, appended to by a foreground run as by a monitor. */
    private LogWriter log(String id) {
        try {
            return LogWriter.open(context.layout().logFile(context.namespace(), id));
        } catch (IOException e) {
            throw new CliException("cannot open the log of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the container's init process in the background, under a {@link Monitor} that keeps
     * its stdio (log, stdin for {@code lcd attach}) for as long as it runs; returns once it runs.
     */
    public void startDetached(String id, Path checkpoint) {
        Monitor.launch(context, id, checkpoint);
    }

    /** Runs an exec attached; returns its exit code. */
    public int execAttached(String id, String execId, ProcessSpec spec, boolean interactive, boolean tty) {
        ExitWatcher watcher = new ExitWatcher(id, execId);
        context.events().add(watcher);
        Client client = context.client();
        try (Attachment a = Attachment.open(interactive, tty)) {
            invoke(() -> client.exec(id, execId, spec, interactive, a));
            a.started((w, h) -> client.resizeTerminal(id, execId, w, h), signalTo(id, execId));
            int code = await(watcher.exit());
            a.drain();
            return code;
        }
    }

    /** Starts an exec in the background; its output is discarded, as docker's {@code exec -d}'s. */
    public void execDetached(String id, String execId, ProcessSpec spec) {
        invoke(() -> context.client().exec(id, execId, spec, Stdio.none()));
    }

    private IntConsumer signalTo(String id, String processId) {
        AtomicInteger interrupts = new AtomicInteger();
        return sig -> {
            boolean interrupt = sig == 2;
            if (interrupt && interrupts.incrementAndGet() >= INTERRUPTS_BEFORE_KILL) {
                context.client().signalProcess(id, Client.INIT_PROCESS_NAME, 9);
                return;
            }
            context.client().signalProcess(id, processId, sig);
        };
    }

    /**
     * The exit code from the exit event. The library reports every exit exactly once, including
     * one that happened while its subscription was being set up, so there is nothing to poll.
     */
    private static int await(CompletableFuture<EventInfo> exit) {
        try {
            return exit.get().exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (ExecutionException e) {
            throw new CliException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** runc's words for a command that cannot run, with the command in quotes. */
    private static final Pattern CANNOT_RUN = Pattern.compile(
            "exec: \"([^\"]*)\": (executable file not found|no such file or directory|permission denied)");

    /**
     * Runs a start or exec call; a command that cannot run exits 127 or 126, as Docker's do, with
     * one line naming the command (not runc's chain of wrapped errors, nor an internal exec id).
     */
    static void invoke(Runnable call) {
        try {
            call.run();
        } catch (ContainerdException e) {
            String m = String.valueOf(e.getMessage());
            Matcher cannot = CANNOT_RUN.matcher(m);
            String lower = m.toLowerCase(Locale.ROOT);
            boolean denied = lower.contains("permission denied");
            if (cannot.find()
                    || lower.contains("executable file not found")
                    || lower.contains("no such file or directory")
                    || denied) {
                String what = cannot.find(0) ? cannot.group(2) + ": " + cannot.group(1) : m;
                throw new CliException(what, e, denied ? CliException.CANNOT_INVOKE : CliException.COMMAND_NOT_FOUND);
            }
            throw e;
        }
    }
}
