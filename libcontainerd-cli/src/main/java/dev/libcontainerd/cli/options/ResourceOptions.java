package dev.libcontainerd.cli.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.spec.Sizes;
import dev.libcontainerd.cli.spec.SpecTemplate;
import picocli.CommandLine.Option;

/** Resource limits, shared by {@code run} and {@code update}; unset options change nothing. */
public final class ResourceOptions {
    /** The CFS period that {@code --cpus} is expressed against, as Docker uses. */
    static final long CPU_PERIOD = 100_000;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE",
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

    /** Writes the given limits into an OCI {@code linux.resources} object. */
    public void applyTo(ObjectNode resources) {
        if (memory != null) {
            long bytes = Sizes.parse(memory);
            if (bytes < 6L << 20) {
                throw new CliException("--memory " + memory + " is too small: at least 6m is needed");
            }
            resources.withObjectProperty("memory").put("limit", bytes);
        }
        if (cpus != null) {
            if (cpus <= 0) {
                throw new CliException("--cpus must be more than 0");
            }
            ObjectNode cpu = resources.withObjectProperty("cpu");
            cpu.put("period", CPU_PERIOD);
            cpu.put("quota", Math.round(cpus * CPU_PERIOD));
        }
        if (pidsLimit != null) {
            resources.withObjectProperty("pids").put("limit", pidsLimit <= 0 ? -1 : pidsLimit);
        }
    }

    /** The given limits as a standalone {@code LinuxResources} JSON object. */
    public ObjectNode toJson() {
        ObjectNode r = SpecTemplate.JSON.createObjectNode();
        applyTo(r);
        return r;
    }
}
