package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.task.Containers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lcd ps}: the containers of the namespace, newest first, in docker's words. */
@Command(name = "ps", aliases = "ls", description = "List containers (running ones unless -a), newest first.")
public final class PsCommand extends BaseCommand {
    private static final String[] HEADER = {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PID"};

    @Option(
            names = {"-a", "--all"},
            description = "Show all containers, not only running ones.")
    boolean all;

    @Option(
            names = {"-q", "--quiet"},
            description = "Only print container ids.")
    boolean quiet;

    @Option(
            names = {"-n", "--last"},
            paramLabel = "N",
            defaultValue = "-1",
            description = "Show the N last created containers (all states).")
    int last;

    @Option(names = "--no-trunc", description = "Do not truncate the command.")
    boolean noTrunc;

    @Option(
            names = {"-f", "--filter"},
            paramLabel = "KEY=VALUE",
            description = "Filter: id=, name=, status=(created|running|paused|exited), exited=CODE (repeatable).")
    List<String> filters = new ArrayList<>();

    @Option(
            names = "--format",
            paramLabel = "TEMPLATE",
            description = "Go-template-like format, e.g. '{{.ID}} {{.Status}}' or 'table {{.ID}}\\t{{.Pid}}'; "
                    + "fields: ID Names Image Command CreatedAt RunningFor Status State Pid Labels.")
    String format;

    @Override
    public Integer call() {
        List<ContainerView> views = new ArrayList<>();
        for (ContainerInfo c : Containers.list(context())) {
            views.add(new ContainerView(context(), c));
        }
        views.sort(Comparator.comparing(ContainerView::created).reversed());
        boolean everyState =
                all || last >= 0 || filters.stream().anyMatch(f -> f.startsWith("status=") || f.startsWith("exited="));
        List<ContainerView> shown = new ArrayList<>();
        for (ContainerView v : views) {
            if ((everyState || v.running()) && matches(v)) {
                shown.add(v);
            }
        }
        if (last >= 0 && shown.size() > last) {
            shown = shown.subList(0, last);
        }
        if (quiet) {
            shown.forEach(v -> out().println(v.id()));
            return 0;
        }
        if (format != null && !format.equals("table")) {
            boolean table = format.startsWith("table ");
            Template t = new Template(table ? format.substring(6) : format);
            if (table) {
                out().println(headerOf(format.substring(6)));
            }
            shown.forEach(v -> out().println(t.render(v.row(noTrunc))));
            out().flush();
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        for (ContainerView v : shown) {
            ObjectNode r = v.row(noTrunc);
            rows.add(new String[] {
                r.get("ID").asText(),
                r.get("Image").asText(),
                r.get("Command").asText(),
                r.get("RunningFor").asText(),
                r.get("Status").asText(),
                v.pid() == 0 ? "-" : Integer.toString(v.pid())
            });
        }
        Table.print(out(), HEADER, rows);
        return 0;
    }

    private boolean matches(ContainerView v) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new CliException("bad format of filter '" + f + "' (expected name=value)");
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            boolean ok = switch (key) {
                case "id" -> v.id().startsWith(value);
                case "name" -> v.id().contains(value);
                case "status" -> v.state().equals(value);
                case "exited" -> v.state().equals("exited") && v.status().startsWith("Exited (" + value + ")");
                default -> throw new CliException("invalid filter '" + key + "': use id, name, status or exited");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** docker's table header for a format: each {{.Field}} in upper case words. */
    private static String headerOf(String format) {
        return format.replace("\\t", "\t")
                .replaceAll("\\{\\{\\s*(?:json\\s+)?\\.([A-Za-z]+)[^}]*}}", "$1")
                .replace("ID", "CONTAINER ID")
                .replace("Names", "NAMES")
                .replace("RunningFor", "CREATED")
                .toUpperCase(Locale.ROOT);
    }
}
