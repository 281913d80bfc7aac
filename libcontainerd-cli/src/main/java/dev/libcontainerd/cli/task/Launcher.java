package dev.libcontainerd.cli.task;

import containerd.v1.types.Process;
import dev.libcontainerd.Client;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.io.LogDrain;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.oci.ProcessSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a container's init process or an exec, either attached (the tool waits and returns its
 * exit code) or detached (output to the container's log file).
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
        try (Attachment a = Attachment.open(interactive, tty)) {
            invoke(() -> client.start(id, checkpoint, interactive, a));
            a.started((w, h) -> client.resizeTerminal(id, Client.INIT_PROCESS_NAME, w, h),
                    signalTo(id, Client.INIT_PROCESS_NAME));
            int code = await(watcher.exit(), id, null);
            a.drain();
            return code;
        }
    }

    /** Starts the container's init process with its output going to the container's log. */
    public void startDetached(String id, Path checkpoint) {
        Path log = context.layout().logFile(context.namespace(), id);
        Path fifos = context.layout().clientState().resolve(id);
        invoke(() -> context.client().start(id, checkpoint, false,
                io -> LogDrain.start(fifos, Client.INIT_PROCESS_NAME, log)));
    }

    /** Runs an exec attached; returns its exit code. */
    public int execAttached(String id, String execId, ProcessSpec spec, boolean interactive, boolean tty) {
        ExitWatcher watcher = new ExitWatcher(id, execId);
        context.events().add(watcher);
        Client client = context.client();
        try (Attachment a = Attachment.open(interactive, tty)) {
            invoke(() -> client.exec(id, execId, spec, interactive, a));
            a.started((w, h) -> client.resizeTerminal(id, execId, w, h), signalTo(id, execId));
            int code = await(watcher.exit(), id, execId);
            a.drain();
            return code;
        }
    }

    /** Starts an exec with its output going to the container's log. */
    public void execDetached(String id, String execId, ProcessSpec spec) {
        Path log = context.layout().logFile(context.namespace(), id);
        Path fifos = context.layout().clientState().resolve(id);
        invoke(() -> context.client().exec(id, execId, spec, false, io -> LogDrain.start(fifos, execId, log)));
    }

    private java.util.function.IntConsumer signalTo(String id, String processId) {
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
     * The exit code: from the exit event, or, should the event be missed (the subscription was
     * still being set up, or containerd restarted), from the stopped task itself.
     */
    private int await(CompletableFuture<EventInfo> exit, String id, String execId) {
        TaskQuery query = new TaskQuery(context);
        while (true) {
            try {
                return exit.get(1, TimeUnit.SECONDS).exitCode();
            } catch (TimeoutException e) {
                Optional<Process> p = query.process(id, execId);
                if (p.isEmpty()) {
                    throw new CliException("the container's task vanished (removed from elsewhere?)");
                }
                if (p.get().getStatus() == containerd.v1.types.Status.STOPPED) {
                    return p.get().getExitStatus();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            } catch (ExecutionException e) {
                throw new CliException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Runs a start or exec call; a command that cannot run exits 127 or 126, as Docker's do. */
    private static void invoke(Runnable call) {
        try {
            call.run();
        } catch (ContainerdException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("executable file not found") || m.contains("no such file or directory")) {
                throw new CliException(e.getMessage(), e, CliException.COMMAND_NOT_FOUND);
            }
            if (m.contains("permission denied")) {
                throw new CliException(e.getMessage(), e, CliException.CANNOT_INVOKE);
            }
            throw e;
        }
    }
}
