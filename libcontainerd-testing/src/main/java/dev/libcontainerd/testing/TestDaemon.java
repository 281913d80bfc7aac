package dev.libcontainerd.testing;

import dev.libcontainerd.Containerd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real containerd for the test run: a {@link PrivateContainerd} under a temp dir, started
 * once per JVM and stopped (with every shim it started) when the JVM exits. Which containerd is
 * {@link TestContainerd}'s choice, which runtime {@link TestRuntime}'s. Where either is missing,
 * tests fail under CI=true and are skipped elsewhere.
 */
public final class TestDaemon {
    private static TestDaemon instance;

    private final PrivateContainerd process;
    private final Containerd containerd;

    private TestDaemon(PrivateContainerd process, Containerd containerd) {
        this.process = process;
        this.containerd = containerd;
    }

    /** The shared daemon, started on first use. */
    public static synchronized TestDaemon get() {
        if (instance == null) {
            require();
            instance = start();
        }
        return instance;
    }

    /** Fails under CI=true, skips elsewhere, unless the containerd and the runtime under test are there. */
    static void require() {
        Require.that(
                TestContainerd.installed(),
                "containerd"
                        + TestContainerd.binDir().map(d -> " (in " + d + ")").orElse(""));
        Require.binary(TestRuntime.name());
    }

    private static TestDaemon start() {
        try {
            // Unix socket paths must stay under 108 bytes: keep the dir short.
            PrivateContainerd p = PrivateContainerd.startInTemp("lcd-it");
            Containerd c = Containerd.connect(p.socket(), Duration.ofSeconds(30));
            TestDaemon d = new TestDaemon(p, c);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                c.close();
                p.close();
            }));
            return d;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared connection. */
    public Containerd containerd() {
        return containerd;
    }

    /** The gRPC socket. */
    public Path socket() {
        return process.socket();
    }

    /** The temp dir holding everything of this daemon. */
    public Path dir() {
        return process.dir();
    }
}
