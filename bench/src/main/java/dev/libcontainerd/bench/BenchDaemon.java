package dev.libcontainerd.bench;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.testing.PrivateContainerd;
import dev.libcontainerd.testing.Rootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's own containerd: a {@link PrivateContainerd} (the library's {@code Supervisor})
 * under one short temp dir (Unix socket paths must stay under 108 bytes), with a busybox rootfs
 * both sides run. {@link #close()} stops the daemon, kills the shims that still serve this socket
 * (found by pid in {@code /proc}, never by name), removes the namespaces' cgroups and the dir.
 */
final class BenchDaemon implements AutoCloseable {
    final Path dir;
    final Path rootfs;
    final PrivateContainerd daemon;
    final Containerd containerd;
    /** The gRPC tap both clients go through, or null (see {@link RpcTap}). */
    final RpcTap tap;

    private BenchDaemon(Path dir, Path rootfs, PrivateContainerd daemon, Containerd containerd, RpcTap tap) {
        this.dir = dir;
        this.rootfs = rootfs;
        this.daemon = daemon;
        this.containerd = containerd;
        this.tap = tap;
    }

    /** Starts the daemon; with {@code tap}, both clients reach it through an {@link RpcTap}. */
    static BenchDaemon start(Path dir, boolean tap) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path rootfs = Rootfs.build(dir.resolve("rootfs"));
        PrivateContainerd d = PrivateContainerd.start(dir);
        RpcTap t = null;
        try {
            t = tap ? RpcTap.start(dir.resolve("tap.sock"), d.socket()) : null;
            Path address = t == null ? d.socket() : t.socket;
            return new BenchDaemon(dir, rootfs, d, Containerd.connect(address, Duration.ofSeconds(60)), t);
        } catch (IOException | RuntimeException e) {
            if (t != null) {
                t.close();
            }
            d.stop();
            throw e;
        }
    }

    /** The socket clients use: containerd's, or the tap's in front of it. */
    Path socket() {
        return tap == null ? daemon.socket() : tap.socket;
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
        return daemon.shims(ns);
    }

    /** Stops containerd and every shim of this socket, removes the namespaces' cgroups and the dir. */
    @Override
    public void close() {
        containerd.close();
        // A scenario that failed half-way may leave containers: stop() kills their shims by pid,
        // removeCgroups the containers' processes that outlived them.
        daemon.stop();
        if (tap != null) {
            try {
                tap.close();
            } catch (IOException e) {
                System.err.println("rpc tap: " + e);
            }
        }
        for (String ns : Bench.NAMESPACES) {
            removeCgroups(ns);
        }
        daemon.close();
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
