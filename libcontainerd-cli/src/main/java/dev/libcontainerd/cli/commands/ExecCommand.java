package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.options.ProcessOptions;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Launcher;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd exec}: run another process in a running container. */
@Command(name = "exec", description = "Run a command in a running container; exits with its exit code.")
public final class ExecCommand extends BaseCommand {
    @Option(
            names = {"-d", "--detach"},
            description = "Run in the background (output to the container's log).")
    boolean detach;

    @Mixin
    ProcessOptions process;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command;

    @Override
    public Integer call() {
        Context ctx = context();
        ContainerInfo c = Containers.get(ctx, id);
        if (!Containers.running(c)) {
            throw new CliException("container " + id + " is not running");
        }
        // the container's own process is the starting point: its env (PATH), user and cwd
        Spec spec = c.spec();
        ProcessSpec.Builder p = spec.process() != null
                ? spec.process().toBuilder()
                : ProcessSpec.builderFrom(Spec.linuxDefaults().build());
        // the running container's root as its init sees it: also for a root on an image's
        // snapshot, which only containerd's bundle has mounted
        int pid = c.task().map(t -> t.pid()).orElse(0);
        String root = spec.root() == null ? null : spec.root().path();
        Path rootfs = pid > 0 ? Path.of("/proc/" + pid + "/root") : root == null ? null : Path.of(root);
        process.applyTo(p, command, rootfs);
        ProcessSpec ps = p.build();
        String execId = "exec-" + Ids.random();
        Launcher launcher = new Launcher(ctx);
        if (detach) {
            launcher.execDetached(id, execId, ps);
            return 0;
        }
        return launcher.execAttached(id, execId, ps, process.interactive, process.tty);
    }
}
