package dev.libcontainerd.oci;

import java.util.List;

/**
 * containerd's default Linux spec ({@code oci.populateDefaultUnixSpec} of containerd 1.6/1.7,
 * which is what {@code ctr oci spec} prints), with two additions a container run through this
 * library needs: the default {@code PATH} ({@code oci.WithDefaultPathEnv}) and a read-only
 * {@code /sys/fs/cgroup}, as Docker and containerd's CRI plugin mount it.
 *
 * <p>Fields are added in the Go structs' order so that the JSON reads like containerd's.
 */
final class LinuxDefaults {
    /** The runtime-spec version containerd 1.6/1.7 vendor ({@code specs.Version}). */
    static final String OCI_VERSION = "1.0.2-dev";

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_FSETID",
            "CAP_FOWNER",
            "CAP_MKNOD",
            "CAP_NET_RAW",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETFCAP",
            "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT",
            "CAP_KILL",
            "CAP_AUDIT_WRITE");

    static final List<Mount> MOUNTS = List.of(
            Mount.of("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            Mount.of("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount.of(
                    "/dev/pts",
                    "devpts",
                    "devpts",
                    "nosuid",
                    "noexec",
                    "newinstance",
                    "ptmxmode=0666",
                    "mode=0620",
                    "gid=5"),
            Mount.of("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            Mount.of("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount.of("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            Mount.of("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"),
            Mount.of("/run", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));

    static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi",
            "/proc/asound",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/sys/firmware",
            "/proc/scsi");

    static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mount", "network");

    /**
     * Deny every device by default; runc then allows only its standard set (null, zero …).
     * Written as JSON because the model has no setter for device rules.
     */
    static final LinuxResources DENY_DEVICES =
            LinuxResources.fromJson("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}");

    private LinuxDefaults() {}

    /** A new builder of the default spec; {@code cgroupsPath} may be null. */
    static Spec.Builder builder(String cgroupsPath) {
        return Spec.builder()
                .ociVersion(OCI_VERSION)
                .editProcess(p -> p.user(0, 0)
                        .env(List.of(DEFAULT_PATH))
                        .cwd("/")
                        .capabilities(Capabilities.of(CAPABILITIES))
                        .rlimits(List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024)))
                        .noNewPrivileges(true))
                .rootPath("rootfs")
                .mounts(MOUNTS)
                .resources(DENY_DEVICES)
                .cgroupsPath(cgroupsPath)
                .namespaces(NAMESPACES.stream().map(LinuxNamespace::of).toList())
                .maskedPaths(MASKED_PATHS)
                .readonlyPaths(READONLY_PATHS);
    }

    /** containerd's {@code cgroupsPath} for a container, {@code filepath.Join("/", ns, id)}. */
    static String cgroupsPath(String namespace, String containerId) {
        // As with filepath.Join, empty parts vanish.
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {namespace, containerId}) {
            if (!part.isEmpty()) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
