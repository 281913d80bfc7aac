package dev.libcontainerd.supervisor;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.time.Duration;

/**
 * The supervisor's internal timings: how it polls and backs off. Not for users to tune (the
 * defaults suit any daemon); tests pass shorter ones so that they do not wait for production
 * timings.
 *
 * @param startTimeout how long {@link Supervisor#start} waits for the daemon's first answer
 * @param healthCheckInterval the pause between two health checks of a running daemon
 * @param healthCheckTimeout the deadline of one health check
 * @param restartBackoffMin the delay before the first restart after a healthy period
 * @param restartBackoffMax the cap of the restart delay, which doubles per failed attempt
 * @param restarts whether a daemon that died is started again; off only for tests that make
 *     outages themselves and decide how long they last
 */
record SupervisorTimings(
        Duration startTimeout,
        Duration healthCheckInterval,
        Duration healthCheckTimeout,
        Duration restartBackoffMin,
        Duration restartBackoffMax,
        boolean restarts) {

    static final SupervisorTimings DEFAULTS = new SupervisorTimings(
            Duration.ofSeconds(15),
            Duration.ofMillis(500),
            Duration.ofSeconds(3),
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            true);

    SupervisorTimings(
            Duration startTimeout,
            Duration healthCheckInterval,
            Duration healthCheckTimeout,
            Duration restartBackoffMin,
            Duration restartBackoffMax) {
        this(startTimeout, healthCheckInterval, healthCheckTimeout, restartBackoffMin, restartBackoffMax, true);
    }

    SupervisorTimings {
        requirePositive(startTimeout, "startTimeout");
        requirePositive(healthCheckInterval, "healthCheckInterval");
        requirePositive(healthCheckTimeout, "healthCheckTimeout");
        requirePositive(restartBackoffMin, "restartBackoffMin");
        requirePositive(restartBackoffMax, "restartBackoffMax");
        if (restartBackoffMin.compareTo(restartBackoffMax) > 0) {
            throw new InvalidParameterException(
                    "restartBackoff min " + restartBackoffMin + " exceeds max " + restartBackoffMax);
        }
    }

    SupervisorTimings withHealthChecks(Duration interval, Duration timeout) {
        return new SupervisorTimings(startTimeout, interval, timeout, restartBackoffMin, restartBackoffMax, restarts);
    }

    /** These timings with {@code startTimeout}, and a daemon that dies left down. */
    SupervisorTimings withoutRestarts(Duration startTimeout) {
        return new SupervisorTimings(
                startTimeout, healthCheckInterval, healthCheckTimeout, restartBackoffMin, restartBackoffMax, false);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidParameterException(what + " must be positive: " + d);
        }
    }
}
