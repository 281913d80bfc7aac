package dev.libcontainerd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule for what a test needs from the machine: under {@code CI=true} a missing tool or
 * service fails the test (CI must run everything); elsewhere the test is skipped.
 */
public final class Require {
    private Require() {}

    /** Fails under CI=true, skips elsewhere, unless {@code present}. */
    public static void that(boolean present, String what) {
        if (!present && ci()) {
            throw new AssertionError(what + " is not installed but CI=true: integration tests must run");
        }
        assumeTrue(present, what + " is not installed");
    }

    /** The same for an executable on the PATH. */
    public static void binary(String name) {
        that(onPath(name), name);
    }

    /** Whether this is a CI run, where nothing may be skipped. */
    public static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    /** Whether {@code name} is an executable on the PATH. */
    public static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }
}
