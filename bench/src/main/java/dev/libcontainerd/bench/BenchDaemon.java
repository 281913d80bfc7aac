package dev.libcontainerd.bench;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.supervisor.LogLevel;
import dev.libcontainerd.supervisor.Supervisor;
import dev.libcontainerd.supervisor.SupervisorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's own containerd, started by the library's {@link Supervisor} under one short temp
 * dir (Unix socket paths must stay under 108 bytes), with a busybox rootfs both sides run. {@link
 * #close()} stops the daemon, kills the shims that still serve this socket (found by pid in
 * {@code /proc}, never by name) and removes the dir.
 */
final class BenchDaemon implements AutoCloseable {
    final Path dir;
    final Path rootfs;
    final Supervisor supervisor;
    final Containerd containerd;
    /** The gRPC tap both clients go through, or null (see {@link RpcTap}). */
    final RpcTap tap;

    private BenchDaemon(Path dir, Path rootfs, Supervisor supervisor, Containerd containerd, RpcTap tap) {
        this.dir = dir;
        this.rootfs = rootfs;
        this.supervisor = supervisor;
        this.containerd = containerd;
        this.tap = tap;
    }

    /** Starts the daemon; with {@code tap}, both clients reach it through an {@link RpcTap}. */
    static BenchDaemon start(Path dir, boolean tap) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path rootfs = busyboxRootfs(dir.resolve("rootfs"));
        Supervisor s = Supervisor.start(
                dir.resolve("root"),
                dir.resolve("state"),
                SupervisorOptions.builder().logLevel(LogLevel.WARN).build());
        RpcTap t = null;
        try {
            t = tap ? RpcTap.start(dir.resolve("tap.sock"), s.address()) : null;
            Path address = t == null ? s.address() : t.socket;
            return new BenchDaemon(dir, rootfs, s, Containerd.connect(address, Duration.ofSeconds(60)), t);
        } catch (IOException | RuntimeException e) {
            if (t != null) {
                t.close();
            }
            s.close();
            throw e;
        }
    }

    /** The socket clients use: containerd's, or the tap's in front of it. */
    Path socket() {
        return tap == null ? supervisor.address() : tap.socket;
    }

    /** bin/busybox from the host's busybox-static, a symlink per applet, and the usual mount points. */
    private static Path busyboxRootfs(Path dir) throws IOException, InterruptedException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        for (String d : new String[] {"proc", "dev", "sys", "tmp", "etc", "root"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Path busybox = Path.of("/bin/busybox");
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Process list = new ProcessBuilder(busybox.toString(), "--list").start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        for (String a : applets.split("\\s+")) {
            if (!a.isEmpty() && !a.equals("busybox") && !Files.exists(bin.resolve(a), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
            }
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\n");
        return dir;
    }

    /** Runs {@code ctr --address <socket> -n <ns> args...}, returning its stdout; fails on a non-zero exit. */
    String ctr(String ns, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ctrCommand(ns, args))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ctr " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** {@code ctr} with this daemon's socket and namespace {@code ns} (null: no -n), then args. */
    String[] ctrCommand(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", socket().toString()));
        if (ns != null) {
            cmd.add("-n");
            cmd.add(ns);
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    /** The pids of the runc shims serving this daemon in namespace {@code ns} (any namespace if null). */
    List<Long> shims(String ns) {
        String address = "-address\0" + supervisor.address() + "\0";
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                String cmd;
                try {
                    cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                if (cmd.contains("containerd-shim-runc-v2\0")
                        && cmd.contains(address)
                        && (ns == null || cmd.contains("-namespace\0" + ns + "\0"))
                        && !cmd.contains("\0start\0")) {
                    pids.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /** Stops containerd and every shim of this socket, removes the namespaces' cgroups and the dir. */
    @Override
    public void close() {
        containerd.close();
        supervisor.close();
        if (tap != null) {
            try {
                tap.close();
            } catch (IOException e) {
                System.err.println("rpc tap: " + e);
            }
        }
        // A scenario that failed half-way may leave containers: their shims (and through them the
        // containers' processes, which runc put in the shims' reach) go by pid.
        for (long pid : shims(null)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (String ns : Bench.NAMESPACES) {
            removeCgroups(ns);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("cleanup of " + dir + ": " + e);
        }
    }

    /**
     * Kills what is left in a namespace's container cgroups (processes of containers whose shim
     * was killed above) and removes the cgroups runc left under every v1 hierarchy.
     */
    private static void removeCgroups(String ns) {
        try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path parent : controllers
                    .map(c -> c.resolve(ns))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> children = Files.list(parent)) {
                    for (Path child : children.filter(Files::isDirectory).toList()) {
                        for (String pid : Files.readAllLines(child.resolve("cgroup.procs"))) {
                            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                        }
                        child.toFile().delete();
                    }
                }
                parent.toFile().delete();
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
