package dev.libcontainerd;

import io.containerd.cgroups.v1.Metrics;
import java.time.Instant;
import java.util.Optional;

/**
 * A container's resource usage as containerd measured it.
 *
 * @param read when containerd collected the metrics (the metric's own timestamp)
 * @param memoryUsageBytes memory in use by the container's cgroup
 * @param cpuUsageNanos CPU time used by the container, in nanoseconds
 * @param pidsCurrent number of processes and threads in the container
 * @param v1 the full metrics on a cgroup v1 host
 * @param v2 the full metrics on a cgroup v2 host
 */
public record Stats(
        Instant read,
        long memoryUsageBytes,
        long cpuUsageNanos,
        long pidsCurrent,
        Optional<Metrics> v1,
        Optional<io.containerd.cgroups.v2.Metrics> v2) {}
