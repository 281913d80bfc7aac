package dev.libcontainerd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A runc wrapper (for {@code RuntimeOptions.binaryName}) that can hold one runc subcommand at a
 * gate the test controls. A test cannot step in between two RPCs from outside; holding the runc
 * call behind Tasks.Start (runc {@code start} for init, {@code exec} for an exec) gives it that
 * point: the call is in flight, and the test kills containerd, then lets runc go on or fail.
 * Each gate is used once: the next call of that subcommand runs normally.
 */
public final class GatedRunc {
    /** What a held call does when released. */
    public enum Release {
        RUN,
        FAIL
    }

    private final Path wrapper;
    private final Path gates;

    private GatedRunc(Path wrapper, Path gates) {
        this.wrapper = wrapper;
        this.gates = gates;
    }

    /** Writes the wrapper (around the host's runc) and its gate directory under {@code dir}. */
    public static GatedRunc install(Path dir) {
        Path runc = onPath("runc");
        Path gates = dir.resolve("gates");
        Path wrapper = dir.resolve("gated-runc");
        String script = "#!/bin/bash\n"
                + "# skip runc's global options to find the subcommand\n"
                + "args=(\"$@\"); i=0\n"
                + "while [ $i -lt ${#args[@]} ]; do\n"
                + "  case \"${args[$i]}\" in\n"
                + "    --root|--log|--log-format|--criu|--rootless) i=$((i+2));;\n"
                + "    -*) i=$((i+1));;\n"
                + "    *) break;;\n"
                + "  esac\n"
                + "done\n"
                + "gate=\"" + gates + "/${args[$i]}\"\n"
                + "if [ -f \"$gate\" ]; then\n"
                + "  : > \"$gate.held\"\n"
                + "  while [ \"$(cat \"$gate\")\" = hold ]; do sleep 0.05; done\n"
                + "  mode=$(cat \"$gate\"); rm -f \"$gate\" \"$gate.held\"\n"
                + "  if [ \"$mode\" = fail ]; then echo \"gated runc ${args[$i]}: failed on purpose\" >&2; exit 1; fi\n"
                + "fi\n"
                + "exec " + runc + " \"$@\"\n";
        try {
            Files.createDirectories(gates);
            Files.writeString(wrapper, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GatedRunc(wrapper, gates);
    }

    /** The wrapper's path, for {@code RuntimeOptions.builder().binaryName(...)}. */
    public String binary() {
        return wrapper.toString();
    }

    /** The next call of runc {@code subcommand} waits at the gate until {@link #release}. */
    public void hold(String subcommand) {
        write(subcommand, "hold");
    }

    /** Waits until a call of {@code subcommand} is held at its gate. */
    public void awaitHeld(String subcommand, Duration timeout) {
        Awaitility.await("runc " + subcommand + " held at its gate")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(gates.resolve(subcommand + ".held")));
    }

    /** Lets the held call go on ({@link Release#RUN}) or exit 1 without running runc. */
    public void release(String subcommand, Release how) {
        write(subcommand, how == Release.RUN ? "run" : "fail");
    }

    /** Waits until the released call has passed its gate. */
    public void awaitPassed(String subcommand, Duration timeout) {
        Awaitility.await("runc " + subcommand + " past its gate")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !Files.exists(gates.resolve(subcommand)));
    }

    /** Opens every gate (a held call runs normally): for teardown, so no shim stays stuck. */
    public void openAll() {
        try (var files = Files.list(gates)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String subcommand, String mode) {
        try {
            Path tmp = gates.resolve(subcommand + ".tmp");
            Files.writeString(tmp, mode, StandardCharsets.UTF_8);
            Files.move(tmp, gates.resolve(subcommand), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " is not on the PATH");
    }
}
