package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.task.Stopper;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd stop}: docker's stop (the stop signal, a grace period, then SIGKILL). */
@Command(name = "stop", description = "Stop running containers: SIGTERM, then SIGKILL after the grace period.")
public final class StopCommand extends BaseCommand {
    @Option(
            names = {"-t", "--time", "--timeout"},
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Seconds to wait before killing it (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = {"-s", "--signal"},
            paramLabel = "SIGNAL",
            defaultValue = "TERM",
            description = "Signal to send first (default: ${DEFAULT-VALUE}).")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        int sig = Signals.parse(signal);
        Stopper stopper = new Stopper(context());
        int failures = eachContainer(ids, id -> {
            stopper.stop(id, sig, Math.max(0, seconds));
            out().println(id);
        });
        return failures == 0 ? 0 : CliException.TOOL_FAILURE;
    }
}
