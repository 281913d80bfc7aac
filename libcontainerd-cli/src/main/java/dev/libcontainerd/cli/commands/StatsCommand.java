package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Stats;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.spec.Sizes;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.errdefs.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd stats}: live resource usage, refreshed every second like {@code docker stats}. */
@Command(name = "stats", description = "Show containers' resource usage, live (all running ones by default).")
public final class StatsCommand extends BaseCommand {
    private static final String CLEAR = "\033[H\033[2J";
    private static final long UNLIMITED = Long.MAX_VALUE / 2; // cgroup v1 reports ~2^63 for "no limit"

    @Option(names = "--no-stream", description = "Print one sample and exit.")
    boolean noStream;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> ids = new ArrayList<>();

    private final Map<String, Stats> previous = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        Context ctx = context();
        sample(ctx); // CPU % needs two samples
        Thread.sleep(noStream ? 500 : 1000);
        while (true) {
            List<String[]> rows = sample(ctx);
            if (!noStream) {
                out().print(CLEAR);
            }
            Table.print(out(), new String[] {"CONTAINER ID", "CPU %", "MEM USAGE / LIMIT", "MEM %", "PIDS"}, rows);
            if (noStream) {
                return 0;
            }
            Thread.sleep(1000);
        }
    }

    private List<String[]> sample(Context ctx) {
        List<String> targets = ids.isEmpty() ? running(ctx) : ids;
        List<String[]> rows = new ArrayList<>();
        for (String id : targets) {
            Stats s;
            try {
                s = ctx.client().stats(id);
            } catch (NotFoundException e) {
                if (!ids.isEmpty()) {
                    throw e;
                }
                continue; // exited between listing and sampling
            }
            Stats before = previous.put(id, s);
            long limit = memoryLimit(s);
            rows.add(new String[] {
                id,
                cpu(before, s),
                Sizes.format(s.memoryUsageBytes()) + " / " + Sizes.format(limit),
                String.format(Locale.ROOT, "%.2f%%", 100.0 * s.memoryUsageBytes() / Math.max(1, limit)),
                Long.toString(s.pidsCurrent())
            });
        }
        return rows;
    }

    private static List<String> running(Context ctx) {
        List<String> out = new ArrayList<>();
        for (ContainerInfo c : Containers.list(ctx)) {
            if (Containers.running(c)) {
                out.add(c.id());
            }
        }
        return out;
    }

    private static String cpu(Stats before, Stats now) {
        if (before == null) {
            return "--";
        }
        long wall = Duration.between(before.read(), now.read()).toNanos();
        if (wall <= 0) {
            return "--";
        }
        double pct = 100.0 * (now.cpuUsageNanos() - before.cpuUsageNanos()) / wall;
        return String.format(Locale.ROOT, "%.2f%%", Math.max(0, pct));
    }

    private static long memoryLimit(Stats s) {
        long limit = s.v1().map(m -> m.getMemory().getUsage().getLimit())
                .or(() -> s.v2().map(m -> m.getMemory().getUsageLimit()))
                .orElse(0L);
        return limit <= 0 || limit > UNLIMITED ? hostMemory() : Math.min(limit, hostMemory());
    }

    private static long hostMemory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: fall through
        }
        return Long.MAX_VALUE;
    }
}
