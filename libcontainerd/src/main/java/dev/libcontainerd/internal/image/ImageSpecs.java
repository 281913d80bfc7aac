package dev.libcontainerd.internal.image;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.image.ContainerRootfs;
import dev.libcontainerd.image.ImageConfig;
import dev.libcontainerd.image.RunOverrides;
import dev.libcontainerd.image.SnapshotMount;
import dev.libcontainerd.oci.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a container's spec from an image config and the caller's overrides, as docker does. */
final class ImageSpecs {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImageSpecs() {}

    static Spec.Builder build(
            ImageConfig config, ContainerRootfs rootfs, String namespace, String containerId, RunOverrides o) {
        List<String> args = args(config, o);
        List<String> env = env(config.env(), o.env());
        String cwd =
                o.workingDir() != null ? o.workingDir() : config.workingDir().isEmpty() ? "/" : config.workingDir();
        if (!cwd.startsWith("/")) {
            throw new InvalidParameterException("working directory \"" + cwd + "\" is not absolute");
        }
        String user = o.user() != null ? o.user() : config.user();
        List<Path> dirs = rootDirs(rootfs);
        long[] ids = user.isEmpty() ? new long[] {0, 0} : resolveUser(user, dirs);
        // The bundle's rootfs, where containerd mounts the snapshot's mounts for Tasks.Create.
        return Spec.linuxDefaults(namespace, containerId)
                .rootPath(Path.of("rootfs"))
                .args(args)
                .env(env)
                // docker's HOME: the user's home in the image's passwd, else /, unless set
                .addDefaultEnv("HOME=" + home(ids[0], dirs))
                .cwd(cwd)
                .user(ids[0], ids[1]);
    }

    /** The home directory of {@code uid} in the image's /etc/passwd, or {@code /}. */
    static String home(long uid, List<Path> rootDirs) {
        String[] pw = lookup(rootDirs, "etc/passwd", 2, Long.toString(uid));
        return pw != null && pw.length > 5 && !pw[5].isEmpty() ? pw[5] : "/";
    }

    /**
     * Docker's rule: an overridden entrypoint drops the image's command, except an empty one
     * ({@code --entrypoint ""}), which only clears the image's entrypoint.
     */
    static List<String> args(ImageConfig config, RunOverrides o) {
        List<String> entrypoint = o.entrypoint() != null ? o.entrypoint() : config.entrypoint();
        boolean dropCmd = o.entrypoint() != null && !o.entrypoint().isEmpty();
        List<String> cmd = o.cmd() != null ? o.cmd() : dropCmd ? List.of() : config.cmd();
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new InvalidParameterException(
                    "no command: the image has neither entrypoint nor command, and none was given");
        }
        return args;
    }

    static List<String> env(List<String> image, List<String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        for (List<String> l : List.of(image, extra)) {
            for (String e : l) {
                int eq = e.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidParameterException("environment entry \"" + e + "\" is not KEY=value");
                }
                m.put(e.substring(0, eq), e);
            }
        }
        if (!m.containsKey("PATH")) {
            m.put("PATH", DEFAULT_PATH);
        }
        return List.copyOf(m.values());
    }

    /** The directories the root filesystem is made of, top first. */
    static List<Path> rootDirs(ContainerRootfs rootfs) {
        List<Path> dirs = new ArrayList<>();
        if (rootfs == null) {
            return dirs;
        }
        for (SnapshotMount m : rootfs.mounts()) {
            if (m.type().equals("bind")) {
                dirs.add(Path.of(m.source()));
            }
            for (String opt : m.options()) {
                if (opt.startsWith("upperdir=")) {
                    dirs.add(0, Path.of(opt.substring(9)));
                } else if (opt.startsWith("lowerdir=")) {
                    for (String d : opt.substring(9).split(":")) {
                        dirs.add(Path.of(d));
                    }
                }
            }
        }
        return dirs;
    }

    /** {@code uid[:gid]} or names looked up in the image's /etc/passwd and /etc/group. */
    static long[] resolveUser(String user, List<Path> rootDirs) {
        String[] parts = user.split(":", 2);
        long uid;
        long gid = -1;
        if (parts[0].matches("[0-9]+")) {
            uid = Long.parseLong(parts[0]);
            String[] pw = lookup(rootDirs, "etc/passwd", 2, parts[0]);
            if (pw != null && pw.length > 3) {
                gid = Long.parseLong(pw[3]);
            }
        } else {
            String[] pw = lookup(rootDirs, "etc/passwd", 0, parts[0]);
            if (pw == null || pw.length < 4) {
                throw new InvalidParameterException("user \"" + parts[0] + "\" is not in the image's /etc/passwd");
            }
            uid = Long.parseLong(pw[2]);
            gid = Long.parseLong(pw[3]);
        }
        if (parts.length == 2) {
            if (parts[1].matches("[0-9]+")) {
                gid = Long.parseLong(parts[1]);
            } else {
                String[] gr = lookup(rootDirs, "etc/group", 0, parts[1]);
                if (gr == null || gr.length < 3) {
                    throw new InvalidParameterException("group \"" + parts[1] + "\" is not in the image's /etc/group");
                }
                gid = Long.parseLong(gr[2]);
            }
        }
        return new long[] {uid, gid < 0 ? 0 : gid};
    }

    private static String[] lookup(List<Path> dirs, String file, int field, String value) {
        for (Path d : dirs) {
            Path f = d.resolve(file);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(f)) {
                    String[] p = line.split(":", -1);
                    if (p.length > field && p[field].equals(value)) {
                        return p;
                    }
                }
                return null;
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
