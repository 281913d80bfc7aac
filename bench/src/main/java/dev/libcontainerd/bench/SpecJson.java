package dev.libcontainerd.bench;

import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;

/**
 * Specs for the library side, from the library's default spec ({@link Spec#linuxDefaults}, which
 * is containerd's, what {@code ctr} itself uses), so both sides hand runc the same config:
 * root.path, args and cgroupsPath {@code /<ns>/<id>} as {@code ctr run --rootfs} sets them, plus
 * containerd's default PATH, which ctr gets with {@code --env}.
 */
final class SpecJson {
    /** containerd's default PATH; ctr gets it with --env so both specs stay alike. */
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /**
     * The runc shim v2's grouping annotation: containers whose specs carry the same value share
     * one shim process (how CRI serves a pod). The library has no option of its own for it; the
     * spec's annotations carry it.
     */
    static final String GROUP = "io.containerd.runc.v2.group";

    private final Path rootfs;

    SpecJson(Path rootfs) {
        this.rootfs = rootfs;
    }

    Spec spec(String ns, String id, String... args) {
        return Spec.linuxDefaults(ns, id)
                .rootPath(rootfs)
                .args(args)
                .addEnv(PATH)
                // The library's defaults add a read-only /sys/fs/cgroup that ctr's spec lacks;
                // one mount less keeps the two sides' work the same.
                .removeMount("/sys/fs/cgroup")
                .build();
    }

    /** {@link #spec} served by the shared shim of {@code group}. */
    Spec grouped(String group, String ns, String id, String... args) {
        return spec(ns, id, args).toBuilder().annotation(GROUP, group).build();
    }

    /** The container's process with other args, as {@code ctr task exec} builds an exec's spec. */
    ProcessSpec process(String... args) {
        return ProcessSpec.builderFrom(Spec.linuxDefaults().build())
                .terminal(false)
                .addEnv(PATH)
                .args(args)
                .build();
    }
}
