package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    static final String DEFAULT_PATH =
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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
            Mount.of("/dev/pts", "devpts", "devpts",
                    "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            Mount.of("/dev/shm", "tmpfs", "shm",
                    "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            Mount.of("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount.of("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            Mount.of("/sys/fs/cgroup", "cgroup", "cgroup",
                    "nosuid", "noexec", "nodev", "relatime", "ro"),
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

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus",
            "/proc/fs",
            "/proc/irq",
            "/proc/sys",
            "/proc/sysrq-trigger");

    static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mount", "network");

    private LinuxDefaults() {}

    /** A new tree of the default spec, owned by the caller; {@code cgroupsPath} may be null. */
    static ObjectNode tree(String cgroupsPath) {
        ObjectNode spec = OciJson.newObject();
        spec.put("ociVersion", OCI_VERSION);

        ObjectNode process = spec.putObject("process");
        ObjectNode user = process.putObject("user");
        user.put("uid", 0);
        user.put("gid", 0);
        process.set("env", OciJson.strings(List.of(DEFAULT_PATH), "env"));
        process.put("cwd", "/");
        process.set("capabilities", Capabilities.of(CAPABILITIES).toNode());
        process.putArray("rlimits").add(new Rlimit("RLIMIT_NOFILE", 1024, 1024).toNode());
        process.put("noNewPrivileges", true);

        spec.putObject("root").put("path", "rootfs");

        ArrayNode mounts = spec.putArray("mounts");
        MOUNTS.forEach(m -> mounts.add(m.toNode()));

        ObjectNode linux = spec.putObject("linux");
        ObjectNode deny = linux.putObject("resources").putArray("devices").addObject();
        // Deny every device by default; runc then allows only its standard set (null, zero …).
        deny.put("allow", false);
        deny.put("access", "rwm");
        if (cgroupsPath != null) {
            linux.put("cgroupsPath", cgroupsPath);
        }
        ArrayNode namespaces = linux.putArray("namespaces");
        NAMESPACES.forEach(t -> namespaces.add(LinuxNamespace.of(t).toNode()));
        linux.set("maskedPaths", OciJson.strings(MASKED_PATHS, "maskedPaths"));
        linux.set("readonlyPaths", OciJson.strings(READONLY_PATHS, "readonlyPaths"));
        return spec;
    }
}
