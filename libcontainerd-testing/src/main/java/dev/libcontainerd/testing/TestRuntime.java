package dev.libcontainerd.testing;

import dev.libcontainerd.RuntimeOptions;

/**
 * The OCI runtime the tests' containers run with: runc (the shim's default), or the one named by
 * the system property {@code lcd.runtime} or the environment variable {@code LCD_RUNTIME} (e.g.
 * {@code crun}), passed to the shim as {@link RuntimeOptions#binaryName()}.
 */
public final class TestRuntime {
    private TestRuntime() {}

    /** The runtime's binary name: {@code runc} unless another one is chosen. */
    public static String name() {
        String name = System.getProperty("lcd.runtime", System.getenv("LCD_RUNTIME"));
        return name == null || name.isBlank() ? "runc" : name;
    }

    /** Whether the tests run with runc, the runtime every feature is specified against. */
    public static boolean runc() {
        return name().equals("runc");
    }

    /** The options that select the runtime, or null for the shim's default (runc). */
    public static RuntimeOptions options() {
        return runc() ? null : RuntimeOptions.builder().binaryName(name()).build();
    }

    /** {@code base} with the runtime selected; {@code base} itself under runc. */
    public static RuntimeOptions options(RuntimeOptions base) {
        return runc() ? base : base.toBuilder().binaryName(name()).build();
    }
}
