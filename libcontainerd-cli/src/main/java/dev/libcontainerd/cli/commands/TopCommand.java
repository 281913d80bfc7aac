package dev.libcontainerd.cli.commands;

import dev.libcontainerd.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd top}: the processes of a container. */
@Command(name = "top", aliases = "pids", description = "List the processes of a container (host pids).")
public final class TopCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Override
    public Integer call() {
        Map<Integer, String> names = new HashMap<>();
        for (Summary s : context().client().summary(id)) {
            names.put(s.pid(), s.processId());
        }
        List<String[]> rows = new ArrayList<>();
        for (int pid : context().client().listPids(id)) {
            rows.add(new String[] {Integer.toString(pid), names.getOrDefault(pid, "-"), cmdline(pid)});
        }
        Table.print(out(), new String[] {"PID", "PROCESS", "COMMAND"}, rows);
        return 0;
    }

    private static String cmdline(int pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "?"; // exited meanwhile
        }
    }
}
