package dev.libcontainerd.cli;

import java.util.Arrays;
import picocli.CommandLine;

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
        LcdCommand root = new LcdCommand();
        CommandLine cl = new CommandLine(root);
        ErrorReporter errors = new ErrorReporter(root.context());
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        // everything after the command's first word is the command's own: `run sh -c 'exit 3'`
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        try {
            return cl.execute(args);
        } finally {
            root.context().close();
        }
    }
}
