package dev.libcontainerd.cli.options;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.spec.Sizes;
import dev.libcontainerd.oci.LinuxResources;
import picocli.CommandLine.Option;

/** Resource limits, shared by {@code run} and {@code update}; unset options change nothing. */
public final class ResourceOptions {
    /** The CFS period that {@code --cpus} is expressed against, as Docker uses. */
    static final long CPU_PERIOD = 100_000;

    @Option(
            names = {"-m", "--memory"},
            paramLabel = "SIZE",
            description = "Memory limit, e.g. 64m or 1g.")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "Number of CPUs, e.g. 0.5 or 1.5.")
    Double cpus;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Maximum number of processes.")
    Long pidsLimit;

    /** Whether any limit was given. */
    public boolean any() {
        return memory != null || cpus != null || pidsLimit != null;
    }

    /**
     * The given limits, and only those: merged into a spec's resources ({@code
     * Spec.Builder.mergeResources}) or given to an update, they leave every other limit as it is.
     */
    public LinuxResources toResources() {
        LinuxResources.Builder r = LinuxResources.builder();
        if (memory != null) {
            long bytes = Sizes.parse(memory);
            if (bytes < 6L << 20) {
                throw new CliException("--memory " + memory + " is too small: at least 6m is needed");
            }
            r.memoryLimit(bytes);
        }
        if (cpus != null) {
            if (cpus <= 0) {
                throw new CliException("--cpus must be more than 0");
            }
            r.cpuPeriod(CPU_PERIOD).cpuQuota(Math.round(cpus * CPU_PERIOD));
        }
        if (pidsLimit != null) {
            r.pidsLimit(pidsLimit <= 0 ? -1 : pidsLimit);
        }
        return r.build();
    }
}
