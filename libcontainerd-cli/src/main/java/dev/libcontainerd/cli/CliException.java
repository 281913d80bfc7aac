package dev.libcontainerd.cli;

/**
 * A failure of the tool itself, reported to the user as one line and exit code {@link
 * #TOOL_FAILURE}, as Docker does.
 */
public final class CliException extends RuntimeException {
    /** Docker's exit code for errors of the tool rather than of the container. */
    public static final int TOOL_FAILURE = 125;

    /** Docker's exit code when the command cannot be invoked (not executable). */
    public static final int CANNOT_INVOKE = 126;
    /** Docker's exit code when the command does not exist in the container. */
    public static final int COMMAND_NOT_FOUND = 127;

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failure described by {@code message}, which is shown as is. */
    public CliException(String message) {
        this(message, null, TOOL_FAILURE);
    }

    /** A failure described by {@code message}, with the cause shown under {@code --debug}. */
    public CliException(String message, Throwable cause) {
        this(message, cause, TOOL_FAILURE);
    }

    /** A failure that ends the tool with {@code exitCode} rather than 125. */
    public CliException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The tool's exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
