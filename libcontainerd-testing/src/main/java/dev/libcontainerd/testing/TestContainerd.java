package dev.libcontainerd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The containerd the tests run against: the one on {@code PATH} (the distribution's), or the one
 * in the directory named by the system property {@code lcd.containerd.bin} or the environment
 * variable {@code LCD_CONTAINERD_BIN} — what {@code scripts/containerd.sh VERSION} prints. That
 * directory also holds the matching {@code containerd-shim-runc-v2} and {@code ctr}, so it goes
 * first on the daemon's {@code PATH}.
 */
public final class TestContainerd {
    private static final Pattern VERSION =
            Pattern.compile("^containerd\\s+\\S+\\s+v?((\\d+)\\.\\d+\\S*)", Pattern.MULTILINE);
    private static String version;

    private TestContainerd() {}

    /** The directory named by {@code lcd.containerd.bin} / {@code LCD_CONTAINERD_BIN}, if any. */
    public static Optional<Path> binDir() {
        String dir = System.getProperty("lcd.containerd.bin", System.getenv("LCD_CONTAINERD_BIN"));
        return dir == null || dir.isBlank()
                ? Optional.empty()
                : Optional.of(Path.of(dir).toAbsolutePath());
    }

    /** The containerd executable: a path in {@link #binDir()}, else {@code containerd} on PATH. */
    public static String binary() {
        return binDir().map(d -> d.resolve("containerd").toString()).orElse("containerd");
    }

    /** Puts {@link #binDir()} first on {@code env}'s PATH, so its shim and ctr are found first. */
    public static void putOnPath(Map<String, String> env) {
        binDir().ifPresent(d -> env.put("PATH", d + ":" + env.getOrDefault("PATH", "/usr/bin:/bin")));
    }

    /** Whether the containerd executable is there (on PATH, or in {@link #binDir()}). */
    public static boolean installed() {
        return binDir().map(d -> Files.isExecutable(d.resolve("containerd"))
                        && Files.isExecutable(d.resolve("containerd-shim-runc-v2")))
                .orElseGet(() -> Require.onPath("containerd"));
    }

    /** The version as {@code containerd --version} prints it, e.g. {@code 1.7.24~ds1}. */
    public static synchronized String version() {
        if (version == null) {
            try {
                Process p = new ProcessBuilder(binary(), "--version")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(10, TimeUnit.SECONDS);
                Matcher m = VERSION.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException(binary() + " --version said: " + out);
                }
                version = m.group(1);
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + binary(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return version;
    }

    /** The major version: 1 or 2. */
    public static int major() {
        return Integer.parseInt(version().split("\\.")[0]);
    }

    /** Whether the containerd under test is release {@code major.minor} or newer. */
    public static boolean atLeast(int major, int minor) {
        String[] parts = version().split("\\.");
        int ma = Integer.parseInt(parts[0]);
        int mi = Integer.parseInt(parts[1].replaceAll("\\D.*", ""));
        return ma > major || (ma == major && mi >= minor);
    }
}
