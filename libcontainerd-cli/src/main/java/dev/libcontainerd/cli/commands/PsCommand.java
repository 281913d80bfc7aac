package dev.libcontainerd.cli.commands;

import containerd.services.containers.v1.Container;
import containerd.v1.types.Process;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.task.Remover;
import dev.libcontainerd.cli.task.TaskQuery;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lcd ps}: the containers of the namespace. */
@Command(name = "ps", aliases = "ls", description = "List containers (running ones unless -a).")
public final class PsCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only print container ids.")
    boolean quiet;

    @Override
    public Integer call() {
        Context ctx = context();
        TaskQuery query = new TaskQuery(ctx);
        Map<String, Container> containers = query.containers();
        Map<String, Process> tasks = query.tasks();
        List<String[]> rows = new ArrayList<>();
        for (Container c : containers.values()) {
            Process t = tasks.get(c.getId());
            boolean running = t != null && t.getStatus() != containerd.v1.types.Status.STOPPED;
            if (!all && !running) {
                continue;
            }
            if (quiet) {
                out().println(c.getId());
                continue;
            }
            rows.add(new String[] {c.getId(), command(c), age(c), t == null ? "created" : Remover.status(t),
                    t == null || t.getPid() == 0 ? "-" : Integer.toString(t.getPid())});
        }
        if (!quiet) {
            Table.print(out(), new String[] {"CONTAINER ID", "COMMAND", "CREATED", "STATUS", "PID"}, rows);
        }
        return 0;
    }

    private static String command(Container c) {
        try {
            ProcessSpec process = Spec.fromJson(c.getSpec().getValue().toStringUtf8()).process();
            String s = process == null ? "" : String.join(" ", process.args());
            return "\"" + (s.length() > 30 ? s.substring(0, 29) + "…" : s) + "\"";
        } catch (InvalidParameterException e) {
            return "?";
        }
    }

    private static String age(Container c) {
        Instant created = Instant.ofEpochSecond(c.getCreatedAt().getSeconds(), c.getCreatedAt().getNanos());
        return Table.ago(Duration.between(created, Instant.now()));
    }
}
