package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.task.Containers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd logs}: what a container started in the background wrote. The shim appends stdout
 * and stderr to one file itself ({@code Stdio.logFile}), so the log outlives every lcd process
 * but keeps the two streams merged and has no per-line times: {@code --since} is refused rather
 * than guessed.
 */
@Command(
        name = "logs",
        description = "Print the output (stdout and stderr, merged) of a container started with -d or 'start'.")
public final class LogsCommand extends BaseCommand {
    private static final long POLL_MS = 100;

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

    @Option(names = "--since", paramLabel = "TIME", description = "Not supported: the log has no per-line times.")
    String since;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (since != null) {
            throw new CliException("--since is not supported: the shim writes the log without per-line times");
        }
        Containers.get(context(), id);
        Path log = context().layout().logFile(context().namespace(), id);
        if (!Files.exists(log) && !follow) {
            if (!Files.isDirectory(log.getParent())) {
                throw new CliException("no logs for " + id + ": it was not started in the background");
            }
            return 0;
        }
        long offset = printFrom(log, tailOffset(log));
        while (follow) {
            long before = offset;
            offset = printFrom(log, offset);
            if (offset == before) {
                if (!Containers.running(Containers.get(context(), id))) {
                    printFrom(log, offset); // what came with the exit
                    return 0;
                }
                Thread.sleep(POLL_MS);
            }
        }
        return 0;
    }

    /** Where the last {@code --tail} lines start. */
    private long tailOffset(Path log) throws IOException {
        if (tail.equals("all") || !Files.exists(log)) {
            return 0;
        }
        int n;
        try {
            n = Integer.parseInt(tail);
        } catch (NumberFormatException e) {
            throw new CliException("invalid --tail '" + tail + "': a number or 'all'");
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        long skip = 0;
        for (int i = 0; i < Math.max(0, lines.size() - n); i++) {
            skip += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return skip;
    }

    /** Prints the log from {@code offset} to its current end; returns the new end. */
    private long printFrom(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return offset;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(offset);
            byte[] buf = new byte[8192];
            int n;
            while ((n = f.read(buf)) > 0) {
                out().write(buf, 0, n);
                offset += n;
            }
        }
        out().flush();
        return offset;
    }
}
