package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.options.ResourceOptions;
import dev.libcontainerd.oci.LinuxResources;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lcd update}: change the resource limits of running containers. */
@Command(name = "update", description = "Change the resource limits of running containers.")
public final class UpdateCommand extends BaseCommand {
    @Mixin
    ResourceOptions resources;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        if (!resources.any()) {
            throw new CliException("nothing to update: give --memory, --cpus or --pids-limit");
        }
        LinuxResources r = resources.toResources();
        for (String id : ids) {
            context().client().updateResources(id, r);
            out().println(id);
        }
        return 0;
    }
}
