package dev.libcontainerd.cli.commands;

import dev.libcontainerd.CheckpointSupport;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.rootfs.BusyboxImage;
import dev.libcontainerd.cli.task.Containers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** {@code lcd info}: where things are and what runs. */
@Command(name = "info", description = "Show the daemon, paths and container counts.")
public final class InfoCommand extends BaseCommand {
    @Override
    public Integer call() {
        Context ctx = context();
        List<ContainerInfo> all = Containers.list(ctx);
        int containers = all.size();
        long running = all.stream()
                .filter(c -> c.status().orElse(null) == Status.RUNNING)
                .count();
        long paused = all.stream()
                .filter(c -> c.status().orElse(null) == Status.PAUSED)
                .count();
        out().println("Containers:        " + containers);
        out().println(" Running:          " + running);
        out().println(" Paused:           " + paused);
        out().println(" Stopped:          " + (containers - running - paused));
        out().println("Namespace:         " + ctx.namespace());
        out().println("containerd:        " + ctx.containerd().version().version());
        out().println(" Address:          " + ctx.containerd().address());
        out().println(" Embedded:         " + ctx.embedded());
        out().println("Runtime:           io.containerd.runc.v2 (" + firstLine("runc", "--version") + ")");
        Optional<Path> criuPath = onPath("criu");
        out().println("CRIU:              "
                + criuPath.map(p ->
                                firstLine(p.toString(), "--version").replaceFirst("^Version:\\s*", "") + " (" + p + ")")
                        .orElse("not installed"));
        CheckpointSupport criu =
                CheckpointSupport.probe(criuPath.map(Path::toString).orElse("criu"));
        out().println("Checkpoint:        "
                + (criu.supported()
                        ? "supported (criu check passed)"
                        : "not supported: "
                                + criu.reason()
                                        .lines()
                                        .filter(l -> !l.isBlank() && !l.contains("exited, status"))
                                        .findFirst()
                                        .orElse("criu check failed")));
        out().println("Cgroup version:    " + (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? 2 : 1));
        out().println("State dir:         " + ctx.layout().state());
        out().println("Root dir:          " + ctx.layout().root());
        out().println("Built-in image:    " + BusyboxImage.NAME + " (busybox, built from /bin/busybox on first use)");
        return 0;
    }

    /** The executable a shell would run for {@code name}: runc finds CRIU this way too. */
    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String... cmd) {
        try {
            java.lang.Process p =
                    new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("?");
        } catch (IOException e) {
            return "not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
