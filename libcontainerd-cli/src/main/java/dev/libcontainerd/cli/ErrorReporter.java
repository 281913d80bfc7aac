package dev.libcontainerd.cli;

import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.UnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure of the tool into one readable line on stderr and exit code 125; the stack
 * trace follows only under {@code --debug}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final Context context;

    ErrorReporter(Context context) {
        this.context = context;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println("lcd: " + describe(e));
        if (context.debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof CliException c ? c.exitCode() : CliException.TOOL_FAILURE;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e instanceof UnmatchedArgumentException u
                && cl.getParent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("lcd: '" + u.getUnmatched().get(0) + "' is not an lcd command. See 'lcd --help'.");
            err.flush();
            return CliException.TOOL_FAILURE;
        }
        err.println("lcd: " + e.getMessage());
        err.println("See '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return CliException.TOOL_FAILURE;
    }

    /** The one line that tells the user what went wrong. */
    static String describe(Throwable e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        if (e instanceof UnavailableException && !String.valueOf(e.getMessage()).startsWith("registry ")) {
            return "cannot reach containerd: " + e.getMessage();
        }
        if (e instanceof ContainerdException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return (m == null || m.isBlank()) ? e.getClass().getSimpleName() : m;
    }
}
