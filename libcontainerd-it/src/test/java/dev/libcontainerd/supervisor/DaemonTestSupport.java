package dev.libcontainerd.supervisor;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.TestContainerd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/** Shared helpers for the tests that run the real containerd. */
final class DaemonTestSupport {
    private DaemonTestSupport() {}

    /**
     * Skips the test when containerd cannot run here (no binary, not root), except under CI
     * ({@code CI=true}), where a missing prerequisite must fail the build rather than hide it.
     */
    static void requireContainerd() {
        String problem = null;
        try {
            DaemonControl.resolveBinary(TestContainerd.binary());
        } catch (InvalidParameterException e) {
            problem = e.getMessage();
        }
        if (problem == null && !"root".equals(System.getProperty("user.name"))) {
            problem = "containerd needs root; running as " + System.getProperty("user.name");
        }
        Require.that(problem == null, "a containerd this test can run (" + problem + ")");
    }

    /** A fresh directory directly under /tmp: socket paths must fit in 108 bytes. */
    static Path newDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    /** Timings that react quickly, so that the tests do not wait for production timings. */
    static final SupervisorTimings FAST =
            SupervisorTimings.DEFAULTS.withHealthChecks(Duration.ofMillis(200), Duration.ofSeconds(1));

    /** Options for the containerd under test ({@link TestContainerd}) that stop quickly. */
    static SupervisorOptions.Builder fastOptions() {
        return SupervisorOptions.builder().binary(TestContainerd.binary()).stopTimeout(Duration.ofSeconds(5));
    }

    /** The containerd under test's {@code ctr} (its own: a 1.6 ctr may not speak to 2.x). */
    static String ctr() {
        return TestContainerd.binDir().map(d -> d.resolve("ctr").toString()).orElse("ctr");
    }

    /**
     * Pids of processes whose command line mentions a path under {@code dir} (containerd, its
     * shims); the trailing slash keeps {@code /tmp/sv1} from matching {@code /tmp/sv12}.
     */
    static List<Long> processesUsing(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", dir + "/")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        List<Long> pids = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /**
     * Fails if any process still uses {@code dir} once a short grace period has passed, after
     * killing those processes so that one failed test does not leak daemons into the next.
     */
    static void assertNothingLeftIn(Path dir) throws IOException, InterruptedException {
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> processesUsing(dir).isEmpty());
        } catch (ConditionTimeoutException e) {
            List<Long> left = processesUsing(dir);
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            fail("processes left behind using " + dir + ": " + left);
        }
    }

    /** Runs a command, failing the test unless it exits 0 within 30 s; returns its stdout. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Sends a signal by name ({@code KILL}, {@code STOP} …) with kill(1). */
    static void signal(long pid, String signal) throws IOException, InterruptedException {
        run("kill", "-" + signal, Long.toString(pid));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Removes a directory tree, ignoring what is already gone. */
    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
