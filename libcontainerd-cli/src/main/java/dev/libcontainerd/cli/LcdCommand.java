package dev.libcontainerd.cli;

import dev.libcontainerd.cli.commands.AttachCommand;
import dev.libcontainerd.cli.commands.CheckpointCommand;
import dev.libcontainerd.cli.commands.CompletionCommand;
import dev.libcontainerd.cli.commands.CpCommand;
import dev.libcontainerd.cli.commands.CreateCommand;
import dev.libcontainerd.cli.commands.DaemonCommand;
import dev.libcontainerd.cli.commands.EventsCommand;
import dev.libcontainerd.cli.commands.ExecCommand;
import dev.libcontainerd.cli.commands.ImagesCommand;
import dev.libcontainerd.cli.commands.InfoCommand;
import dev.libcontainerd.cli.commands.InspectCommand;
import dev.libcontainerd.cli.commands.KillCommand;
import dev.libcontainerd.cli.commands.LoadCommand;
import dev.libcontainerd.cli.commands.LogsCommand;
import dev.libcontainerd.cli.commands.MonitorCommand;
import dev.libcontainerd.cli.commands.NetworkCommand;
import dev.libcontainerd.cli.commands.PauseCommand;
import dev.libcontainerd.cli.commands.PortCommand;
import dev.libcontainerd.cli.commands.PsCommand;
import dev.libcontainerd.cli.commands.PullCommand;
import dev.libcontainerd.cli.commands.RenameCommand;
import dev.libcontainerd.cli.commands.RestartCommand;
import dev.libcontainerd.cli.commands.ResumeCommand;
import dev.libcontainerd.cli.commands.RmCommand;
import dev.libcontainerd.cli.commands.RmiCommand;
import dev.libcontainerd.cli.commands.RunCommand;
import dev.libcontainerd.cli.commands.SaveCommand;
import dev.libcontainerd.cli.commands.StartCommand;
import dev.libcontainerd.cli.commands.StatsCommand;
import dev.libcontainerd.cli.commands.StopCommand;
import dev.libcontainerd.cli.commands.TopCommand;
import dev.libcontainerd.cli.commands.UpdateCommand;
import dev.libcontainerd.cli.commands.VersionCommand;
import dev.libcontainerd.cli.commands.WaitCommand;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code lcd}: the top-level command and its global options. */
@Command(
        name = "lcd",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Run Linux containers through containerd.%n"
                + "Without --address, lcd starts (or reuses) a private containerd of its own.")
public final class LcdCommand implements Runnable {
    /**
     * The subcommands, in help order. Not in {@code @Command(subcommands)}: {@link Main} builds
     * only the one a command line names (building all of them is most of a command's start-up).
     */
    static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class,
            ExecCommand.class,
            PsCommand.class,
            KillCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            StatsCommand.class,
            TopCommand.class,
            EventsCommand.class,
            UpdateCommand.class,
            CheckpointCommand.class,
            StartCommand.class,
            RmCommand.class,
            LogsCommand.class,
            VersionCommand.class,
            InfoCommand.class,
            DaemonCommand.class,
            NetworkCommand.class,
            PortCommand.class,
            PullCommand.class,
            ImagesCommand.class,
            RmiCommand.class,
            LoadCommand.class,
            SaveCommand.class,
            CreateCommand.class,
            StopCommand.class,
            RestartCommand.class,
            WaitCommand.class,
            InspectCommand.class,
            CompletionCommand.class,
            CpCommand.class,
            RenameCommand.class,
            AttachCommand.class,
            MonitorCommand.class,
            HelpCommand.class);

    private final Context context = new Context();

    @Spec
    CommandSpec spec;

    /** The state every subcommand works with. */
    public Context context() {
        return context;
    }

    @Option(
            names = "--address",
            paramLabel = "SOCKET",
            scope = ScopeType.INHERIT,
            description = "containerd's gRPC socket (or $LCD_ADDRESS); default: lcd's private daemon.")
    void address(Path socket) {
        context.setAddress(socket);
    }

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            scope = ScopeType.INHERIT,
            description = "containerd namespace (default: " + Context.DEFAULT_NAMESPACE + ").")
    void namespace(String ns) {
        context.setNamespace(ns);
    }

    // -n only before the command (as ctr's): after it, -n is the command's own (ps -n N, as docker's)
    @Option(names = "-n", paramLabel = "NS", description = "Same as --namespace, before the command.")
    void shortNamespace(String ns) {
        context.setNamespace(ns);
    }

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Where lcd keeps its state (or $LCD_STATE_DIR; default /run/lcd).")
    void stateDir(Path dir) {
        context.setStateDir(dir);
    }

    @Option(
            names = "--root",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "containerd's root for the private daemon (or $LCD_ROOT; default /var/lib/lcd).")
    void rootDir(Path dir) {
        context.setRootDir(dir);
    }

    @Option(
            names = "--containerd",
            paramLabel = "PATH",
            scope = ScopeType.INHERIT,
            description = "The containerd the private daemon runs: a binary, or a directory holding "
                    + "containerd and its shim, e.g. what scripts/containerd.sh prints (or $LCD_CONTAINERD; "
                    + "default: containerd on PATH). Takes effect when the daemon starts.")
    void containerdBinary(Path path) {
        context.setContainerdBinary(path);
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show logs and stack traces.")
    void debug(boolean debug) {
        context.setDebug(debug);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed, e.g. 'lcd run -it busybox sh'");
    }
}
