package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.daemon.EmbeddedDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd daemon}: control the private containerd (it otherwise runs until stopped). */
@Command(name = "daemon", description = "Start or stop lcd's private containerd: daemon start|stop.")
public final class DaemonCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "start or stop")
    String action;

    @Override
    public Integer call() {
        if (!context().embedded()) {
            throw new CliException("'daemon' manages lcd's private containerd; it does not apply with --address");
        }
        switch (action) {
            case "start" ->
                out().println(EmbeddedDaemon.ensureRunning(
                        context().layout(), context().containerdBinary()));
            case "stop" -> out().println(EmbeddedDaemon.stop(context().layout()) ? "stopped" : "not running");
            default -> throw new CliException("unknown action '" + action + "': use start or stop");
        }
        return 0;
    }
}
