package dev.libcontainerd.internal.client;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What runc would refuse only after the container or process was half made, refused before any
 * file or RPC instead, naming the field: a missing or relative root, empty args, a NUL byte in an
 * argument, arguments beyond the kernel's limits, a negative size.
 */
final class SpecChecks {
    /** The kernel's limit on one argument or environment string (MAX_ARG_STRLEN). */
    static final int MAX_ARG_STRLEN = 32 * 4096;

    private SpecChecks() {}

    /** @param onSnapshot whether the root is a snapshot mounted in the bundle (root.path relative) */
    static void container(Spec spec, boolean onSnapshot) {
        if (spec == null) {
            throw new InvalidParameterException("spec must not be null");
        }
        if (spec.process() == null) {
            throw new InvalidParameterException("spec has no process");
        }
        if (spec.root() == null
                || spec.root().path() == null
                || spec.root().path().isEmpty()) {
            throw new InvalidParameterException("spec.root.path must name the container's root filesystem");
        }
        Path root = Path.of(spec.root().path());
        if (onSnapshot) {
            if (root.isAbsolute() || root.normalize().startsWith("..")) {
                throw new InvalidParameterException("spec.root.path must be relative to the bundle "
                        + "(e.g. rootfs) for a container on a snapshot: " + root);
            }
        } else if (!root.isAbsolute()) {
            throw new InvalidParameterException("spec.root.path must be absolute: " + root);
        } else if (!Files.isDirectory(root)) {
            throw new InvalidParameterException(
                    "rootfs " + root + " (spec.root.path) does not exist or is not a directory");
        }
        process(spec.process(), "spec.process");
        if (spec.linux() != null && spec.linux().resources() != null) {
            resources(spec.linux().resources(), "spec.linux.resources");
        }
    }

    static void process(ProcessSpec p, String field) {
        if (p == null) {
            throw new InvalidParameterException("process spec must not be null");
        }
        List<String> args = p.args();
        if (args == null || args.isEmpty()) {
            throw new InvalidParameterException(field + ".args must not be empty");
        }
        long total = strings(args, field + ".args") + strings(p.env(), field + ".env");
        long limit = Kernel.argMax();
        if (total > limit) {
            throw new InvalidParameterException("argument list too long: " + field + ".args and "
                    + field + ".env take " + total + " bytes, more than the kernel's limit of " + limit
                    + " (ARG_MAX)");
        }
    }

    static void resources(LinuxResources r, String field) {
        if (r == null) {
            throw new InvalidParameterException("resources must not be null");
        }
        size(r.memoryLimit(), field + ".memory.limit");
        size(r.memoryReservation(), field + ".memory.reservation");
        size(r.memorySwap(), field + ".memory.swap");
        if (r.cpuShares().isPresent() && r.cpuShares().getAsLong() < 0) {
            throw new InvalidParameterException(
                    field + ".cpu.shares must not be negative: " + r.cpuShares().getAsLong());
        }
    }

    /** A byte size: positive, 0 (unset) or -1 (unlimited). */
    private static void size(OptionalLong v, String field) {
        if (v.isPresent() && v.getAsLong() < -1) {
            throw new InvalidParameterException(field + " must be a size in bytes or -1 (unlimited): " + v.getAsLong());
        }
    }

    /** Bytes the strings take on the new process's stack (with NULs and pointers); checks each. */
    private static long strings(List<String> values, String field) {
        if (values == null) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null) {
                throw new InvalidParameterException(field + "[" + i + "] must not be null");
            }
            if (v.indexOf('\0') >= 0) {
                throw new InvalidParameterException(field + "[" + i + "] contains a NUL byte");
            }
            int bytes = v.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes > MAX_ARG_STRLEN) {
                throw new InvalidParameterException("argument list too long: " + field + "[" + i + "] is "
                        + (bytes - 1) + " bytes, more than the kernel's limit of " + (MAX_ARG_STRLEN - 1)
                        + " for one string");
            }
            total += bytes + Long.BYTES;
        }
        return total;
    }
}
