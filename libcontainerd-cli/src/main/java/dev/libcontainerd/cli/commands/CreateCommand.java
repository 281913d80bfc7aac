package dev.libcontainerd.cli.commands;

import picocli.CommandLine.Command;

/** {@code lcd create}: create a container without starting it ({@code lcd start} does). */
@Command(name = "create", description = "Create a new container without starting it; prints its id.")
public final class CreateCommand extends ContainerCommand {
    @Override
    public Integer call() {
        out().println(createContainer(context()));
        return 0;
    }
}
