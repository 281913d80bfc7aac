package dev.libcontainerd.bench;

import dev.libcontainerd.Containerd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A containerd of the benchmark's own: root, state, sockets and a busybox rootfs under one short
 * temp dir (Unix socket paths must stay under 108 bytes), CRI disabled. {@link #close()} stops the
 * daemon, kills every shim whose command line names this socket and removes the dir.
 */
final class PrivateContainerd implements AutoCloseable {
    final Path dir;
    final Path socket;
    final Path rootfs;
    private final Process process;
    final Containerd containerd;

    private PrivateContainerd(Path dir, Path socket, Path rootfs, Process process, Containerd containerd) {
        this.dir = dir;
        this.socket = socket;
        this.rootfs = rootfs;
        this.process = process;
        this.containerd = containerd;
    }

    static PrivateContainerd start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("c.sock");
        if (socket.toString().length() >= 100) {
            throw new IllegalArgumentException("dir too long for a unix socket path: " + dir);
        }
        String toml = "version = 2\n"
                + "root = \"" + dir.resolve("root") + "\"\n"
                + "state = \"" + dir.resolve("state") + "\"\n"
                + "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
                + "[grpc]\n  address = \"" + socket + "\"\n"
                + "[ttrpc]\n  address = \"" + dir.resolve("t.sock") + "\"\n"
                + "[debug]\n  level = \"warn\"\n";
        Path config = dir.resolve("config.toml");
        Files.writeString(config, toml, StandardCharsets.UTF_8);
        Path rootfs = busyboxRootfs(dir.resolve("rootfs"));
        Process p = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("containerd exited: " + Files.readString(dir.resolve("containerd.log")));
            }
            try {
                Containerd c = Containerd.connect(socket, Duration.ofSeconds(30));
                return new PrivateContainerd(dir, socket, rootfs, p, c);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("containerd did not answer on " + socket, e);
                }
                Thread.sleep(50);
            }
        }
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
        Process p = new ProcessBuilder(ctrCommand(ns, args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ctr " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    String[] ctrCommand(String ns, String... args) {
        String[] cmd = new String[5 + args.length];
        cmd[0] = "ctr";
        cmd[1] = "--address";
        cmd[2] = socket.toString();
        cmd[3] = "-n";
        cmd[4] = ns;
        System.arraycopy(args, 0, cmd, 5, args.length);
        return cmd;
    }

    /** Stops containerd and every shim of this socket, removes the namespaces' cgroups and the dir. */
    @Override
    public void close() {
        containerd.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            new ProcessBuilder("pkill", "-9", "-f", "containerd-shim-runc-v2 .*" + socket)
                    .inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("cleanup: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // runc's containers live on as mounts only while running: none are left, so the tree can go.
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("cleanup of " + dir + ": " + e);
        }
    }

    /** Removes the (empty) per-namespace cgroup parents runc left under every v1 hierarchy. */
    static void removeCgroups(String ns) {
        Path root = Path.of("/sys/fs/cgroup");
        try (var controllers = Files.list(root)) {
            controllers.map(c -> c.resolve(ns)).filter(Files::isDirectory).forEach(d -> d.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
