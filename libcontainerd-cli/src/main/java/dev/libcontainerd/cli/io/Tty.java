package dev.libcontainerd.cli.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the tool's own stdio is a terminal: what {@code /proc/self/fd/N} points at. (Not
 * isatty through JNA: loading the native bridge costs a short command a noticeable share of its
 * start-up.)
 */
public final class Tty {
    private Tty() {}

    /** Whether standard input is a terminal. */
    public static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    /** Whether standard output is a terminal. */
    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    private static boolean isTerminal(int fd) {
        try {
            String target =
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
