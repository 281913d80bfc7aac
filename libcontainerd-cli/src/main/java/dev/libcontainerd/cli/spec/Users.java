package dev.libcontainerd.cli.spec;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.oci.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --user} values: {@code uid[:gid]} or {@code name[:group]}, names looked up in the
 * container's own {@code /etc/passwd} and {@code /etc/group}, as the container sees them.
 */
public final class Users {
    private Users() {}

    /**
     * Sets the process's uid and gid from {@code spec} (and drops supplementary groups, which
     * belonged to the user it replaces); {@code rootfs} may be null when unknown.
     */
    public static void apply(ProcessSpec.Builder process, String spec, Path rootfs) {
        String[] parts = spec.split(":", 2);
        long uid = id(parts[0], rootfs, "etc/passwd", 2, "user");
        long gid =
                parts.length > 1 ? id(parts[1], rootfs, "etc/group", 2, "group") : primaryGroup(parts[0], uid, rootfs);
        process.user(uid, gid).additionalGids(null);
    }

    /**
     * The home directory of {@code uid} in the container's {@code /etc/passwd}, or {@code /}
     * when it has none there, as Docker sets {@code HOME}.
     */
    public static String home(long uid, Path rootfs) {
        for (String[] entry : entries(rootfs, "etc/passwd")) {
            if (entry.length > 5 && entry[2].equals(Long.toString(uid)) && !entry[5].isEmpty()) {
                return entry[5];
            }
        }
        return "/";
    }

    private static long id(String v, Path rootfs, String file, int field, String what) {
        if (v.matches("\\d+")) {
            return Long.parseLong(v);
        }
        for (String[] entry : entries(rootfs, file)) {
            if (entry[0].equals(v) && entry.length > field) {
                return Long.parseLong(entry[field]);
            }
        }
        throw new CliException(
                "unknown " + what + " '" + v + "' (not in the container's /" + file + "; give a number instead)");
    }

    private static long primaryGroup(String user, long uid, Path rootfs) {
        for (String[] entry : entries(rootfs, "etc/passwd")) {
            if (entry.length > 3 && (entry[0].equals(user) || entry[2].equals(Long.toString(uid)))) {
                return Long.parseLong(entry[3]);
            }
        }
        return uid == 0 ? 0 : uid; // no passwd entry: the group of the same number, as runc does
    }

    private static List<String[]> entries(Path rootfs, String file) {
        if (rootfs == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(rootfs.resolve(file)).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(":", -1))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
