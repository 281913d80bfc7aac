package dev.libcontainerd.cli.commands;

import dev.libcontainerd.Client;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd kill}: signal a container's init process. */
@Command(name = "kill", description = "Send a signal to containers (default SIGKILL).")
public final class KillCommand extends BaseCommand {
    @Option(
            names = {"-s", "--signal"},
            paramLabel = "SIGNAL",
            defaultValue = "KILL",
            description = "Signal name or number (default: ${DEFAULT-VALUE}).")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        int sig = Signals.parse(signal);
        for (String id : ids) {
            context().client().signalProcess(id, Client.INIT_PROCESS_NAME, sig);
            out().println(id);
        }
        return 0;
    }
}
