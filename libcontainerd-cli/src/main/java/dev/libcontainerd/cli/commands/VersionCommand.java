package dev.libcontainerd.cli.commands;

import dev.libcontainerd.Version;
import dev.libcontainerd.cli.VersionInfo;
import picocli.CommandLine.Command;

/** {@code lcd version}: the tool's and containerd's versions. */
@Command(name = "version", description = "Show the versions of lcd and containerd.")
public final class VersionCommand extends BaseCommand {
    @Override
    public Integer call() {
        out().println("Client:");
        out().println("  Version:     " + VersionInfo.version());
        out().println("  Java:        " + System.getProperty("java.version"));
        Version v = context().containerd().version();
        out().println("Server (containerd):");
        out().println("  Version:     " + v.version());
        out().println("  Revision:    " + v.revision());
        out().println("  Address:     " + context().containerd().address());
        return 0;
    }
}
