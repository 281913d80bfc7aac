package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.task.Launcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lcd run}: create and start a container, and by default wait for it. */
@Command(name = "run", description = "Run a command in a new container; exits with its exit code.")
public final class RunCommand extends ContainerCommand {
    @Option(
            names = {"-d", "--detach"},
            description = "Run in the background and print the container id.")
    boolean detach;

    @Override
    public Integer call() {
        Context ctx = context();
        String id = createContainer(ctx);
        boolean done = false;
        try {
            Launcher launcher = new Launcher(ctx);
            if (detach) {
                launcher.startDetached(id, null);
                done = true;
                out().println(id);
                return 0;
            }
            int code = launcher.startAttached(id, null, process.interactive, process.tty);
            done = true;
            return code;
        } finally {
            // attached --rm: removed here at once; detached --rm: by the next command after it exits
            if (!done || (rm && !detach)) {
                cleanUp(ctx, id);
            }
        }
    }
}
