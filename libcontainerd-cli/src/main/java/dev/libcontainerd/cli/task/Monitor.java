package dev.libcontainerd.cli.task;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.io.Pump;
import dev.libcontainerd.cli.logs.LogWriter;
import dev.libcontainerd.cli.state.Layout;
import dev.libcontainerd.errdefs.ContainerdException;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon side of a container started in the background, as docker's daemon (or podman's
 * conmon) is: one process per running container, in a session of its own, that holds the
 * container's stdio for as long as it runs. It appends stdout and stderr to the container's log
 * ({@link LogWriter}: the streams apart, each line timed), keeps the container's stdin open
 * when it was created with {@code -i} (bytes written to the stdin FIFO by {@code lcd attach}
 * reach it; an attach that ends does not close it), removes a {@code --rm} container once it
 * exited, and ends with the container. The command that starts it waits only until the
 * container runs (or fails to: its error and exit code are passed back).
 */
public final class Monitor {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    /** The annotation that says the container keeps its stdin open ({@code -i}), as docker's OpenStdin. */
    public static final String STDIN_ANNOTATION = "dev.libcontainerd.cli.stdin-open";

    /** The hidden command that runs a monitor ({@code lcd _monitor [--checkpoint DIR] ID}). */
    public static final String COMMAND = "_monitor";

    private static final String READY = "ok";
    private static final long DRAIN_SECONDS = 10;
    private static final long GONE_SECONDS = 10;
    private static final long AFTER_EOF_SECONDS = 60;

    private final Context context;

    public Monitor(Context context) {
        this.context = context;
    }

    /**
     * Starts the monitor of {@code id}, which starts the container; returns once it runs.
     *
     * @throws CliException with the exit code of the start's failure (127 for a missing command)
     */
    static void launch(Context ctx, String id, Path checkpoint) {
        // the previous run's monitor may still be finishing (stop, then start at once): its
        // clean-up must not take the new monitor's stdin FIFO and pid file with it
        awaitGone(ctx, id);
        Layout layout = ctx.layout();
        Path dir = layout.logFile(ctx.namespace(), id).getParent();
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid"); // out of the terminal's session: a closed terminal must not end it
        cmd.addAll(jvm());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.libcontainerd.cli.Main");
        cmd.addAll(ctx.globalArgs());
        cmd.add(COMMAND);
        if (checkpoint != null) {
            cmd.add("--checkpoint");
            cmd.add(checkpoint.toString());
        }
        cmd.add(id);
        Process p;
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("MALLOC_ARENA_MAX", "1"); // glibc's arena per thread costs more than the pumps
            p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(
                            ProcessBuilder.Redirect.appendTo(monitorLog(ctx, id).toFile()))
                    .start();
        } catch (IOException e) {
            throw new CliException("cannot start the monitor of " + id + ": " + e.getMessage(), e);
        }
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            throw new CliException("the monitor of " + id + " failed (see " + monitorLog(ctx, id) + ")");
        }
        if (!line.equals(READY)) {
            // "<exit code> <message>"
            int space = line.indexOf(' ');
            int code = CliException.TOOL_FAILURE;
            try {
                code = Integer.parseInt(line.substring(0, space));
            } catch (RuntimeException e) {
                // not a code: keep 125
            }
            throw new CliException(line.substring(space + 1), null, code);
        }
    }

    /** This JVM's own options (heap, GC, class-data archive), for the monitor's JVM. */
    private static List<String> jvm() {
        List<String> args = new ArrayList<>();
        args.add(ProcessHandle.current().info().command().orElse("java"));
        try {
            String[] words = Files.readString(Path.of("/proc/self/cmdline"), StandardCharsets.UTF_8)
                    .split("\0");
            for (int i = 1; i < words.length; i++) {
                String w = words[i];
                if (!w.startsWith("-") || w.equals("-jar") || w.equals("-cp") || w.equals("-classpath")) {
                    break;
                }
                // not the recording of a class-data archive (the training run's), nor agents
                if (!w.contains("ArchiveClassesAtExit")
                        && !w.contains("DumpLoadedClassList")
                        && !w.startsWith("-agentlib")
                        && !w.startsWith("-javaagent")) {
                    args.add(w);
                }
            }
        } catch (IOException e) {
            // the defaults do too
        }
        // one per background container: keep it small (the pumps need little heap and no JIT'd peak)
        args.addAll(List.of(
                "-Xms4m",
                "-Xmx32m",
                "-Xss256k",
                "-XX:CICompilerCount=1",
                "-XX:-UsePerfData",
                "-XX:ReservedCodeCacheSize=16m",
                "-XX:MaxDirectMemorySize=16m",
                "-Dio.netty.allocator.numDirectArenas=1",
                "-Dio.netty.allocator.numHeapArenas=1"));
        return args;
    }

    /** Where the monitor's own messages go (empty unless something failed). */
    static Path monitorLog(Context ctx, String id) {
        return ctx.layout().logFile(ctx.namespace(), id).resolveSibling(id + ".monitor.log");
    }

    /** The file naming the running monitor's pid. */
    static Path pidFile(Context ctx, String id) {
        return ctx.layout().logFile(ctx.namespace(), id).resolveSibling(id + ".monitor");
    }

    /** The FIFO an attach writes the container's stdin to (only for containers with {@code -i}). */
    public static Path stdinFifo(Context ctx, String id) {
        return ctx.layout().logFile(ctx.namespace(), id).resolveSibling(id + ".stdin");
    }

    /** Waits (bounded) until the monitor of {@code id}, if any, has written everything and ended. */
    public static void awaitGone(Context ctx, String id) {
        Optional<ProcessHandle> p = running(ctx, id);
        if (p.isEmpty()) {
            return;
        }
        try {
            p.get().onExit().get(GONE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("monitor of {} still there", id, e);
        }
    }

    private static Optional<ProcessHandle> running(Context ctx, String id) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(ctx, id)).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The monitor's own work (in its process): returns its exit code. */
    public int run(String id, Path checkpoint) {
        ContainerInfo c;
        LogWriter log;
        try {
            c = Containers.get(context, id);
            log = LogWriter.open(context.layout().logFile(context.namespace(), id));
            Files.writeString(
                    pidFile(context, id), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException | ContainerdException | CliException e) {
            return report(e);
        }
        boolean tty = c.spec().process() != null && c.spec().process().terminal();
        boolean stdin = "true".equals(c.spec().annotations().get(STDIN_ANNOTATION));
        ExitWatcher watcher = new ExitWatcher(id, id);
        context.events().add(watcher);
        List<Thread> pumps = new ArrayList<>();
        try {
            Path fifo = stdinFifo(context, id);
            if (stdin) {
                mkfifo(fifo);
            }
            Launcher.invoke(() -> context.client().start(id, checkpoint, Stdio.attach(stdin, io -> {
                pumps.add(Pump.start("out", io.stdout(), log.stream("stdout"), false, () -> false));
                if (io.stderr() != null) {
                    pumps.add(Pump.start("err", io.stderr(), log.stream("stderr"), false, () -> false));
                }
                if (io.stdin() != null) {
                    // read and write: there is always a writer, so attaches that end never give EOF
                    RandomAccessFile in = new RandomAccessFile(fifo.toFile(), "rw");
                    Pump.start("in", new FileInputStream(in.getFD()), io.stdin(), true, () -> false);
                }
            })));
        } catch (IOException | ContainerdException | CliException e) {
            cleanUpFiles(id);
            return report(e);
        } catch (RuntimeException e) {
            cleanUpFiles(id);
            return report(e);
        }
        System.out.println(READY);
        System.out.close(); // the starting command returns now
        awaitEnd(id, watcher, pumps);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        for (Thread t : pumps) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("closing the log of {}", id, e);
        }
        if (Reaper.marked(context, id)) {
            try {
                new Remover(context).remove(id, false);
            } catch (RuntimeException e) {
                LOG.debug("--rm of {} (another lcd may have removed it)", id, e);
            }
            Reaper.unmark(context, id);
        }
        cleanUpFiles(id);
        return 0;
    }

    /**
     * Until the container's exit event; or, once its output ended, for a bounded time only: with
     * containerd stopped ({@code lcd daemon stop}) no exit event may ever come, and the monitor
     * must not outlive its container.
     */
    private static void awaitEnd(String id, ExitWatcher watcher, List<Thread> pumps) {
        try {
            while (true) {
                try {
                    watcher.exit().get(1, TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (pumps.stream().noneMatch(Thread::isAlive)) {
                        watcher.exit().get(AFTER_EOF_SECONDS, TimeUnit.SECONDS);
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("no exit event for {}: its output ended {} s ago", id, AFTER_EOF_SECONDS);
        }
    }

    private void cleanUpFiles(String id) {
        try {
            Files.deleteIfExists(stdinFifo(context, id));
            Files.deleteIfExists(pidFile(context, id));
        } catch (IOException e) {
            // the next start replaces them
        }
    }

    private static int report(Exception e) {
        int code = e instanceof CliException ce ? ce.exitCode() : CliException.TOOL_FAILURE;
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        System.out.println(code + " " + message);
        System.out.flush();
        LOG.debug("start failed", e);
        return code;
    }

    private static void mkfifo(Path fifo) throws IOException {
        Files.deleteIfExists(fifo);
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + ": " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
