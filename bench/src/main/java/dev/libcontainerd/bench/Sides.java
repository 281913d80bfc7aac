package dev.libcontainerd.bench;

import dev.libcontainerd.Client;
import dev.libcontainerd.DirectIO;
import dev.libcontainerd.OutputSink;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.errdefs.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the scenarios share: the daemon, the specs, one library {@link Client} per namespace (all
 * reporting to one {@link Watch}), the {@code ctr events} watcher, and ways to time a ctr process.
 */
final class Sides implements AutoCloseable {
    final BenchDaemon daemon;
    final SpecJson specs;
    final Watch watch = new Watch();
    final CtrEvents events;
    final Results results;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final ExecutorService drains = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-drain");
        t.setDaemon(true);
        return t;
    });

    Sides(BenchDaemon daemon, SpecJson specs, CtrEvents events, Results results) {
        this.daemon = daemon;
        this.specs = specs;
        this.events = events;
        this.results = results;
    }

    /** The library's client of namespace {@code ns}, created on first use. */
    Client client(String ns) {
        return clients.computeIfAbsent(
                ns, n -> Client.create(daemon.containerd, daemon.dir.resolve("ls-" + n), n, watch));
    }

    /** Deletes a stopped container's task and the container, whatever of them exists. */
    static void remove(Client c, String id) {
        try {
            c.deleteTask(id);
        } catch (NotFoundException e) {
            // no task
        }
        c.delete(id);
    }

    /** Kills a container's init process, waits for its EXIT and removes it; reports but survives failures. */
    void stop(Client c, String id) {
        try {
            c.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
            watch.await(id, null);
            remove(c, id);
        } catch (Exception e) {
            System.err.println("cleanup of " + id + ": " + e);
        }
    }

    /** Starts a detached {@code ctr run -d} container (for execs and group anchors); {@code flags} go before the rootfs. */
    void ctrDetached(String ns, String id, List<String> flags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--null-io", "--env", SpecJson.PATH));
        cmd.addAll(flags);
        cmd.addAll(List.of("--rootfs", daemon.rootfs.toString(), id));
        cmd.addAll(List.of(args));
        daemon.ctr(ns, cmd.toArray(String[]::new));
    }

    /** Kills and removes a ctr container (best effort). */
    void ctrStop(String ns, String id) {
        try {
            daemon.ctr(ns, "task", "delete", "--force", id);
            daemon.ctr(ns, "container", "delete", id);
        } catch (Exception e) {
            System.err.println("cleanup of ctr " + id + ": " + e);
        }
    }

    /** Wall time of a whole process, spawn to reap, reading its output as a user's shell would. */
    static double timeProcess(String[] cmd, String expectOut) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        long end = System.nanoTime();
        String s = new String(out, StandardCharsets.UTF_8);
        if (rc != 0 || (expectOut != null && !s.equals(expectOut))) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc + ": " + s);
        }
        return ms(t0, end);
    }

    static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    /** Copies stdout and stderr to memory until EOF on drain threads, as a user's callback would. */
    final class Drain implements StdioCallback {
        private final CompletableFuture<String> out = new CompletableFuture<>();
        private final CompletableFuture<String> err = new CompletableFuture<>();

        @Override
        public void attach(DirectIO io) {
            copy(io.stdout(), out);
            if (io.stderr() != null) {
                copy(io.stderr(), err);
            } else {
                err.complete("");
            }
        }

        private void copy(InputStream in, CompletableFuture<String> to) {
            drains.execute(() -> {
                try {
                    to.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    to.completeExceptionally(e);
                }
            });
        }

        /** stdout once both streams reached EOF. */
        String await() throws Exception {
            err.get(Bench.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return out.get(Bench.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** An {@link OutputSink} keeping stdout in memory; completes when every stream is closed. */
    static final class Collect implements OutputSink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<String> done = new CompletableFuture<>();

        @Override
        public synchronized void stdout(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            out.write(b, 0, b.length);
        }

        @Override
        public void stderr(ByteBuffer chunk) {
            // not kept
        }

        @Override
        public synchronized void closed() {
            done.complete(out.toString(StandardCharsets.UTF_8));
        }

        String await() throws Exception {
            return done.get(Bench.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    Path stateDir(String ns) {
        return daemon.dir.resolve("ls-" + ns);
    }

    @Override
    public void close() {
        clients.values().forEach(Client::close);
        drains.shutdownNow();
    }
}
