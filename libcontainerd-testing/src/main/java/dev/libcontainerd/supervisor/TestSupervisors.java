package dev.libcontainerd.supervisor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Supervisors for tests that make containerd's outages themselves. It lives in the library's
 * package (in the test fixtures' jar, as the supervisor's own tests do) to pass the package-private
 * {@link SupervisorTimings}; nothing of the library's public API is added for it.
 */
public final class TestSupervisors {
    private static final SupervisorTimings NO_RESTARTS =
            SupervisorTimings.DEFAULTS.withoutRestarts(Duration.ofSeconds(30));

    private TestSupervisors() {}

    /**
     * {@link Supervisor#start(Path, Path, SupervisorOptions)} that never restarts the daemon: a
     * test that SIGKILLs it decides how long it stays down (a supervisor that restarts it would
     * end the outage after a tenth of a second); a new supervisor on the same directories starts
     * it again. It waits up to 30 s for the first answer, the
     * time a containerd may take on a loaded machine.
     */
    public static Supervisor startWithoutRestarts(Path rootDir, Path stateDir, SupervisorOptions options) {
        return Supervisor.start(rootDir, stateDir, options, NO_RESTARTS);
    }
}
