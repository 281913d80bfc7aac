package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.DirectIO;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.io.Pump;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.ExitWatcher;
import dev.libcontainerd.oci.ProcessSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd cp}: copy files between a running container and the host, as nerdctl does, by
 * piping a tar stream through an exec of the container's own {@code tar} and the host's.
 */
@Command(
        name = "cp",
        description = "Copy files between a running container and the host: "
                + "cp CONTAINER:SRC DEST or cp SRC CONTAINER:DEST (the container needs tar).")
public final class CpCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "DEST")
    String dest;

    @Override
    public Integer call() throws IOException, InterruptedException {
        boolean fromContainer = isContainerPath(source);
        if (fromContainer == isContainerPath(dest)) {
            throw new CliException("copying between containers or between host paths is not supported: "
                    + "one side must be CONTAINER:PATH");
        }
        String spec = fromContainer ? source : dest;
        String id = spec.substring(0, spec.indexOf(':'));
        String inside = spec.substring(spec.indexOf(':') + 1);
        if (!inside.startsWith("/")) {
            inside = "/" + inside;
        }
        ContainerInfo c = Containers.get(context(), id);
        if (!Containers.running(c)) {
            throw new CliException("container " + id + " is not running");
        }
        Path host = Path.of(fromContainer ? dest : source).toAbsolutePath().normalize();
        return fromContainer ? out(c, inside, host) : in(c, host, inside);
    }

    /** Container to host: the container's tar writes, the host's extracts. */
    private int out(ContainerInfo c, String inside, Path host) throws IOException, InterruptedException {
        Path in = Path.of(inside);
        String parent = in.getParent() == null ? "/" : in.getParent().toString();
        String name = in.getFileName() == null ? "." : in.getFileName().toString();
        boolean intoDir = Files.isDirectory(host);
        Path extractDir = intoDir ? host : host.getParent();
        Process local = new ProcessBuilder("tar", "-xf", "-", "-C", extractDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = exec(c, List.of("tar", "-cf", "-", "-C", parent, name), false, io -> {
            Thread t1 = Pump.start("lcd-cp-out", io.stdout(), local.getOutputStream(), true, () -> false);
            Thread t2 = io.stderr() == null ? null : Pump.start("lcd-cp-err", io.stderr(), err, true, () -> false);
            return new Thread[] {t1, t2};
        });
        int localCode = local.waitFor();
        if (code != 0) {
            throw new CliException("cp: " + firstLine(err, "tar failed in the container (exit " + code + ")"));
        }
        if (localCode != 0) {
            throw new CliException("cp: " + firstLine(local.getErrorStream().readAllBytes(), "tar failed on the host"));
        }
        if (!intoDir && !name.equals(host.getFileName().toString())) {
            Files.move(extractDir.resolve(name), host);
        }
        return 0;
    }

    /** Host to container: the host's tar writes, the container's extracts. */
    private int in(ContainerInfo c, Path host, String inside) throws IOException, InterruptedException {
        if (!Files.exists(host)) {
            throw new CliException("cp: no such file or directory: " + host);
        }
        Process local = new ProcessBuilder(
                        "tar",
                        "-cf",
                        "-",
                        "-C",
                        host.getParent().toString(),
                        host.getFileName().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = exec(c, List.of("tar", "-xf", "-", "-C", inside), true, io -> {
            Thread t1 = Pump.start("lcd-cp-in", local.getInputStream(), io.stdin(), true, () -> false);
            Thread t2 = io.stderr() == null ? null : Pump.start("lcd-cp-err", io.stderr(), err, true, () -> false);
            Thread t3 = Pump.start("lcd-cp-out", io.stdout(), OutputStream.nullOutputStream(), true, () -> false);
            return new Thread[] {t1, t2, t3};
        });
        local.waitFor();
        if (code != 0) {
            throw new CliException("cp: " + firstLine(err, "tar failed in the container (exit " + code + ")"));
        }
        return 0;
    }

    private interface Wiring {
        Thread[] wire(DirectIO io);
    }

    /** Runs {@code args} in the container with its stdio wired; returns its exit code. */
    private int exec(ContainerInfo c, List<String> args, boolean stdin, Wiring wiring) throws InterruptedException {
        Context ctx = context();
        String execId = "cp-" + Ids.random();
        ProcessSpec base = c.spec().process();
        ProcessSpec p = (base != null ? base.toBuilder() : ProcessSpec.builderFrom(c.spec()))
                .args(args)
                .terminal(false)
                .build();
        ExitWatcher watcher = new ExitWatcher(c.id(), execId);
        ctx.events().add(watcher);
        Thread[][] threads = new Thread[1][];
        ctx.client().exec(c.id(), execId, p, stdin, io -> threads[0] = wiring.wire(io));
        try {
            EventInfo exit = watcher.exit().get();
            for (Thread t : threads[0]) {
                if (t != null) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
            return exit.exitCode();
        } catch (ExecutionException e) {
            throw new CliException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static boolean isContainerPath(String s) {
        int colon = s.indexOf(':');
        return colon > 0 && !s.substring(0, colon).contains("/");
    }

    private static String firstLine(ByteArrayOutputStream b, String fallback) {
        return firstLine(b.toByteArray(), fallback);
    }

    private static String firstLine(byte[] b, String fallback) {
        return new String(b, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse(fallback);
    }
}
