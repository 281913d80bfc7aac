package dev.libcontainerd.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client in a JVM of its own, for tests of what survives a client's death: the child runs a
 * {@code main} class of these fixtures on the test's class path, prints {@code READY ...} on its
 * stdout once it has done its part, and is SIGKILLed by the test (no clean-up of any kind).
 */
public final class ChildJvm {
    private static final Logger log = LoggerFactory.getLogger(ChildJvm.class);

    private final Process process;

    private ChildJvm(Process process) {
        this.process = process;
    }

    /** Starts {@code main} with {@code args} in a new JVM, its stderr merged into its stdout. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + Rootfs.INHERITED + "=" + Rootfs.busybox(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /**
     * The words after {@code READY} on the child's ready line; the lines before it go to this
     * test's log. Fails if the child ends without one.
     */
    public String[] awaitReady() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.startsWith("READY ")) {
            log.info("child: {}", line);
        }
        if (line == null) {
            throw new AssertionError("the child JVM ended without its READY line (exit "
                    + (process.isAlive() ? "?" : process.exitValue()) + ")");
        }
        return line.substring("READY ".length()).trim().split(" ");
    }

    /** SIGKILL, as a crash: the child gets no chance to clean anything up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
