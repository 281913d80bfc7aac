package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.Rootfs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@code ./lcd} as a separate process against a private state dir (and so a private
 * containerd), from the test classpath: {@code mvn test} needs no packaged jar. One per test
 * class, as a JUnit extension:
 *
 * <pre>{@code @RegisterExtension static final LcdProcess lcd = LcdProcess.perClass();}</pre>
 *
 * <p>Before the class's tests it checks the host tools and runs {@code lcd version} (which starts
 * the private daemon and builds the default rootfs once for every test); after them it removes
 * every container, stops the daemon and checks that the state dir is gone. The class's own
 * {@code @BeforeAll} methods run after the start, its {@code @AfterAll} ones before the end.
 */
final class LcdProcess implements BeforeAllCallback, AfterAllCallback {
    /** One command's outcome. */
    record Result(int code, String out, String err) {}

    private final Path launcher;
    private Path stateDir;

    private LcdProcess(Path launcher) {
        this.launcher = launcher;
    }

    /** The tool for one test class, started before its tests and destroyed after them. */
    static LcdProcess perClass() {
        return new LcdProcess(Path.of(System.getProperty("lcd.launcher", "../lcd"))
                .toAbsolutePath()
                .normalize());
    }

    /** Fails under CI=true, skips elsewhere, when a host tool the CLI needs is missing. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (String tool : new String[] {"containerd", "runc", "busybox", "setsid", "mount"}) {
            Require.binary(tool);
        }
        // Unix socket paths must stay under 108 bytes: keep the dir short.
        stateDir = Files.createTempDirectory(Path.of("/tmp"), "lcd-cli");
        Result version = run("version");
        assertThat(version.code()).as(version.err()).isZero();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stateDir != null) {
            destroy();
            assertThat(stateDir).doesNotExist();
        }
    }

    Path stateDir() {
        return stateDir;
    }

    /**
     * A plain busybox root directory for {@code --rootfs} (built once per state dir), as a user
     * would prepare one: busybox, a link per applet, a minimal /etc.
     */
    synchronized Path busyboxRootfs() throws IOException, InterruptedException {
        Path dir = stateDir.resolve("rootfs/busybox");
        if (Files.exists(dir.resolve("etc/group"))) {
            return dir;
        }
        Rootfs.build(dir);
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("var"));
        return dir;
    }

    /** Runs {@code ctr} against the tool's private containerd in namespace {@code lcd}; its stdout. */
    String ctr(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "ctr",
                "--address",
                stateDir.resolve("containerd/containerd.sock").toString(),
                "-n",
                "lcd"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ctr " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** The command line that runs the tool, for wrapping (e.g. in {@code script}). */
    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A process builder for the tool with the test environment. */
    ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LCD_STATE_DIR", stateDir.toString());
        pb.environment().put("LCD_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().remove("LCD_ADDRESS");
        return pb;
    }

    /** Runs {@code lcd args...} to completion (at most 90 s), stdin empty. */
    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs {@code lcd args...} with {@code input} (or nothing) on its stdin. */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        File in = File.createTempFile("lcd-in", ".txt");
        Files.writeString(in.toPath(), input == null ? "" : input, StandardCharsets.UTF_8);
        File out = File.createTempFile("lcd-out", ".txt");
        File err = File.createTempFile("lcd-err", ".txt");
        try {
            Process p = builder(command(args))
                    .redirectInput(in)
                    .redirectOutput(out)
                    .redirectError(err)
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("lcd " + String.join(" ", args) + " did not finish");
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            in.delete();
            out.delete();
            err.delete();
        }
    }

    /** Removes every container, stops the private daemon and deletes the state dir. */
    private void destroy() throws IOException, InterruptedException {
        Result ids = run("ps", "-a", "-q");
        for (String id : ids.out().split("\\s+")) {
            if (!id.isBlank()) {
                run("rm", "-f", id);
            }
        }
        run("daemon", "stop");
        Path socket = stateDir.resolve("containerd/containerd.sock");
        // shims outlive containerd by design; this run must not leave any behind
        new ProcessBuilder("pkill", "-9", "-f", "containerd-shim-runc-v2 .*" + socket)
                .inheritIO()
                .start()
                .waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
