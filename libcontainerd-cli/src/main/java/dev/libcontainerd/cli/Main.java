package dev.libcontainerd.cli;

import java.util.Arrays;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of {@code lcd}. */
public final class Main {
    private Main() {}

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code. */
    public static int run(String[] args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        Logging.configure(debug);
        Preconnect preconnect = Preconnect.start(args);
        LcdCommand root = new LcdCommand();
        root.context().setPreconnect(preconnect);
        CommandLine cl = new CommandLine(root);
        Subcommands.add(cl, args);
        ErrorReporter errors = new ErrorReporter(root.context());
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        // everything after the command's first word is the command's own: `run sh -c 'exit 3'`
        for (String c : new String[] {"run", "create", "exec"}) {
            CommandLine sub = cl.getSubcommands().get(c);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        shortHelpEverywhere(cl);
        try {
            return cl.execute(args);
        } finally {
            long t0 = System.nanoTime();
            root.context().close();
            LoggerFactory.getLogger(Main.class)
                    .debug("closed the client and connection in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * {@code -h} is help for every command, as {@code --help} is; except in {@code run} and
     * {@code create}, where it is the hostname, as in docker.
     */
    private static void shortHelpEverywhere(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            OptionSpec help = spec.findOption("--help");
            if (help != null && spec.findOption("-h") == null) {
                spec.remove(help);
                spec.addOption(OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("Show this help.")
                        .build());
            }
        }
    }
}
