package dev.libcontainerd.internal.client;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The kernel limit the spec checks need, asked once. */
final class Kernel {
    private static final int SC_ARG_MAX = 0;
    /** Linux's floor for ARG_MAX, used if sysconf cannot answer. */
    private static final long DEFAULT_ARG_MAX = 128 * 1024;

    private interface LibC extends Library {
        long sysconf(int name);
    }

    private static final long ARG_MAX = query();

    private Kernel() {}

    /** Bytes the arguments and environment of a new process may take together. */
    static long argMax() {
        return ARG_MAX;
    }

    private static long query() {
        try {
            long v = Native.load("c", LibC.class).sysconf(SC_ARG_MAX);
            return v > 0 ? v : DEFAULT_ARG_MAX;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return DEFAULT_ARG_MAX;
        }
    }
}
