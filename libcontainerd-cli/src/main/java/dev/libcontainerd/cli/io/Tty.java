package dev.libcontainerd.cli.io;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Whether the tool's own stdio is a terminal. */
public final class Tty {
    private interface LibC extends Library {
        int isatty(int fd);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private Tty() {}

    /** Whether standard input is a terminal. */
    public static boolean stdinIsTerminal() {
        return LIBC.isatty(0) == 1;
    }

    /** Whether standard output is a terminal. */
    public static boolean stdoutIsTerminal() {
        return LIBC.isatty(1) == 1;
    }
}
