package dev.libcontainerd.supervisor;

import static dev.libcontainerd.supervisor.DaemonTestSupport.FAST;
import static dev.libcontainerd.supervisor.DaemonTestSupport.alive;
import static dev.libcontainerd.supervisor.DaemonTestSupport.assertNothingLeftIn;
import static dev.libcontainerd.supervisor.DaemonTestSupport.deleteTree;
import static dev.libcontainerd.supervisor.DaemonTestSupport.fastOptions;
import static dev.libcontainerd.supervisor.DaemonTestSupport.newDir;
import static dev.libcontainerd.supervisor.DaemonTestSupport.requireContainerd;
import static dev.libcontainerd.supervisor.DaemonTestSupport.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.testing.TestContainerd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The supervisor against the real containerd: start, stop, restart, adoption, conflicts. */
class SupervisorIT {
    private final List<Supervisor> supervisors = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private Path root;
    private Path state;

    @BeforeEach
    void dirs() throws Exception {
        root = dir("svr");
        state = dir("sv");
    }

    @AfterEach
    void cleanUp() throws Exception {
        supervisors.forEach(Supervisor::close);
        try {
            for (Path d : dirs) {
                assertNothingLeftIn(d);
            }
        } finally {
            for (Path d : dirs) {
                deleteTree(d);
            }
        }
    }

    @Test
    void startsAnswersAndStopsCleanly() throws Exception {
        requireContainerd();
        Supervisor s = start(root, state, fastOptions().build());

        assertThat(s.healthy()).isTrue();
        assertThat(s.restarts()).isZero();
        assertThat(s.address()).isEqualTo(state.resolve("containerd.sock"));
        assertThat(s.address()).exists();
        long pid = s.pid();
        assertThat(alive(pid)).isTrue();
        assertThat(Files.readString(s.pidFile()).trim()).isEqualTo(Long.toString(pid));
        assertThat(Files.getPosixFilePermissions(s.configFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(s.logFile()).exists();
        assertThat(root.resolve("daemon")).isDirectory();
        assertThat(state.resolve("daemon")).isDirectory();
        try (Containerd c = Containerd.connect(s.address())) {
            assertThat(c.version().version()).isNotBlank();
            // the version the config was chosen by is the one that answers
            assertThat(c.version().version().replaceFirst("^v", "")).isEqualTo(s.containerdVersion());
        }
        assertThat(Files.readString(s.configFile())).startsWith("version = " + (TestContainerd.major() >= 2 ? 3 : 2));

        s.close();
        assertThat(alive(pid)).isFalse();
        assertThat(s.pidFile()).doesNotExist();
        assertThat(s.address()).doesNotExist();
        assertThat(s.healthy()).isFalse();
        assertThat(s.pid()).isEqualTo(-1);
        s.close(); // idempotent
    }

    @Test
    void restartsADaemonKilledWithSigkill() throws Exception {
        requireContainerd();
        Supervisor s = start(root, state, fastOptions().build());
        long first = s.pid();
        try (Containerd c = Containerd.connect(s.address())) {
            signal(first, "KILL");

            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> s.healthy() && s.pid() != first);
            assertThat(s.restarts()).isEqualTo(1);
            assertThat(alive(first)).isFalse();
            assertThat(Files.readString(s.pidFile()).trim()).isEqualTo(Long.toString(s.pid()));
            // Same socket after the restart: a connection made before it recovers by itself.
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> !c.version().version().isBlank());
        }
        assertThat(Files.readString(s.logFile())).contains("containerd successfully booted");
    }

    @Test
    void killsAndRestartsADaemonThatStopsAnswering() throws Exception {
        requireContainerd();
        Supervisor s = start(
                root,
                state,
                fastOptions().unresponsiveLimit(Duration.ofSeconds(2)).build(),
                FAST.withHealthChecks(FAST.healthCheckInterval(), Duration.ofMillis(500)));
        long first = s.pid();

        signal(first, "STOP");
        await().atMost(Duration.ofSeconds(2)).until(() -> !s.healthy());
        assertThat(s.pid()).as("not killed before the limit").isEqualTo(first);

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> s.healthy() && s.pid() != first);
        assertThat(alive(first)).isFalse();
        assertThat(s.restarts()).isEqualTo(1);
    }

    @Test
    void adoptsTheDaemonNamedByThePidFile() throws Exception {
        requireContainerd();
        SupervisorOptions options = fastOptions().build();
        Supervisor first = start(root, state, options);
        long pid = first.pid();
        first.detach(); // as if the JVM had gone: the daemon and its pid file stay
        assertThat(alive(pid)).isTrue();

        Supervisor second = start(root, state, options);
        assertThat(second.pid()).as("adopted, not launched").isEqualTo(pid);
        assertThat(second.healthy()).isTrue();
        assertThat(second.restarts()).isZero();

        // An adopted daemon that dies is replaced by a fresh launch.
        signal(pid, "KILL");
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> second.healthy() && second.pid() != pid);
        long replacement = second.pid();
        second.detach();

        // close() stops an adopted daemon as it stops its own.
        Supervisor third = start(root, state, options);
        assertThat(third.pid()).isEqualTo(replacement);
        third.close();
        assertThat(alive(replacement)).isFalse();
        assertThat(third.pidFile()).doesNotExist();
        assertThat(third.address()).doesNotExist();
    }

    @Test
    void refusesToStartASecondDaemonOnASocketThatAnswers() throws Exception {
        requireContainerd();
        Supervisor s = start(root, state, fastOptions().build());
        long pid = s.pid();
        Path otherState = dir("sv");

        assertThatThrownBy(() -> start(
                        dir("svr"),
                        otherState,
                        fastOptions().socket(s.address()).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(s.address().toString());
        // Same state directory while the first supervisor runs: refused too.
        assertThatThrownBy(() -> start(root, state, fastOptions().build())).isInstanceOf(ConflictException.class);

        assertThat(s.healthy()).isTrue();
        assertThat(s.pid()).isEqualTo(pid);
        assertThat(DaemonTestSupport.processesUsing(otherState)).isEmpty();
    }

    @Test
    void removesAStaleSocketBeforeLaunching() throws Exception {
        requireContainerd();
        Files.writeString(state.resolve("containerd.sock"), "stale");
        Files.writeString(state.resolve("containerd.pid"), "999999999\n");

        Supervisor s = start(root, state, fastOptions().build());
        assertThat(s.healthy()).isTrue();
        assertThat(Files.readString(s.pidFile()).trim()).isEqualTo(Long.toString(s.pid()));
    }

    @Test
    void failsFastWhenTheBinaryIsMissing() throws Exception {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Supervisor.start(
                        root,
                        state,
                        SupervisorOptions.builder()
                                .binary("/nonexistent/containerd")
                                .build()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("/nonexistent/containerd");
        assertThatThrownBy(() -> Supervisor.start(
                        root,
                        state,
                        SupervisorOptions.builder()
                                .binary("containerd-that-does-not-exist")
                                .build()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("not found on PATH");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        try (var files = Files.list(state)) {
            assertThat(files).as("nothing written").isEmpty();
        }
    }

    @Test
    void failsFastWhenTheDaemonExitsDuringStart() throws Exception {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Supervisor.start(
                        root,
                        state,
                        SupervisorOptions.builder().binary("/bin/false").build()))
                .isInstanceOf(SystemException.class)
                .hasMessageContaining("exited with code 1 during start");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(state.resolve("containerd.pid")).doesNotExist();
        // The lock is released: a later start on the same directories is not refused.
        assertThatThrownBy(() -> Supervisor.start(
                        root,
                        state,
                        SupervisorOptions.builder().binary("/bin/false").build()))
                .isInstanceOf(SystemException.class);
    }

    @Test
    void rejectsASocketPathTooLongForUnixSockets() {
        Path deep = state.resolve("x".repeat(120));
        assertThatThrownBy(() -> Supervisor.start(root, deep, SupervisorOptions.defaults()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("bytes");
        assertThat(deep).doesNotExist();
    }

    private Supervisor start(Path rootDir, Path stateDir, SupervisorOptions options) {
        return start(rootDir, stateDir, options, FAST);
    }

    private Supervisor start(Path rootDir, Path stateDir, SupervisorOptions options, SupervisorTimings timings) {
        Supervisor s = Supervisor.start(rootDir, stateDir, options, timings);
        supervisors.add(s);
        return s;
    }

    private Path dir(String prefix) throws Exception {
        Path d = newDir(prefix);
        dirs.add(d);
        return d;
    }
}
