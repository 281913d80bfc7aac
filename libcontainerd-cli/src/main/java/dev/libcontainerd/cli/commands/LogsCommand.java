package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.logs.LogReader;
import dev.libcontainerd.cli.logs.LogRecord;
import dev.libcontainerd.cli.logs.Since;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Monitor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd logs}: what a container wrote, stdout to stdout and stderr to stderr, from the log
 * its monitor (background) or {@code lcd run} (foreground) keeps in {@link
 * dev.libcontainerd.cli.logs.LogWriter}'s line format, each line with the time it was read.
 */
@Command(name = "logs", description = "Print a container's output: its stdout on stdout, its stderr on stderr.")
public final class LogsCommand extends BaseCommand {
    private static final long POLL_MS = 100;
    private static final long STATUS_EVERY_MS = 500;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new output until the container stops.")
    boolean follow;

    @Option(
            names = {"-n", "--tail"},
            paramLabel = "N",
            defaultValue = "all",
            description = "Only the last N lines (default: ${DEFAULT-VALUE}).")
    String tail;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only output since TIME: an RFC 3339 time (2026-11-30T17:50:17Z), a Unix "
                    + "timestamp, or a duration back from now (10m, 1h30m).")
    String since;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    private final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private final OutputStream stderr = new FileOutputStream(FileDescriptor.err);

    @Override
    public Integer call() throws IOException, InterruptedException {
        Instant from = since == null ? null : Since.parse(since, Instant.now());
        int lines = tailLines();
        Context ctx = context();
        Containers.get(ctx, id);
        Path log = ctx.layout().logFile(ctx.namespace(), id);
        while (!Files.exists(log)) {
            // created but never started: no output yet
            if (!follow || !Containers.running(Containers.get(ctx, id))) {
                return 0;
            }
            Thread.sleep(POLL_MS);
        }
        try (LogReader reader = LogReader.open(log, false)) {
            List<LogRecord> first = reader.next();
            if (from != null) {
                first = first.stream().filter(r -> !r.time().isBefore(from)).toList();
            }
            print(first.subList(tailStart(first, lines), first.size()));
            long lastCheck = System.nanoTime();
            while (follow) {
                List<LogRecord> more = reader.next();
                print(more);
                if (more.isEmpty()) {
                    if ((System.nanoTime() - lastCheck) / 1_000_000 >= STATUS_EVERY_MS) {
                        lastCheck = System.nanoTime();
                        if (!Containers.running(Containers.get(ctx, id))) {
                            Monitor.awaitGone(ctx, id); // it writes what came with the exit
                            print(reader.next());
                            return 0;
                        }
                    }
                    Thread.sleep(POLL_MS);
                }
            }
        }
        return 0;
    }

    private int tailLines() {
        if (tail.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(tail);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            throw new CliException("invalid --tail '" + tail + "': a number or 'all'");
        }
    }

    /** Where the last {@code lines} lines start (a partial line at the end belongs to none). */
    static int tailStart(List<LogRecord> records, int lines) {
        if (lines < 0) {
            return 0;
        }
        int complete = 0;
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).complete() && ++complete > lines) {
                return i + 1;
            }
        }
        return 0;
    }

    private void print(List<LogRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        for (LogRecord r : records) {
            (r.stderr() ? stderr : stdout).write(r.output());
        }
        stdout.flush();
        stderr.flush();
    }
}
