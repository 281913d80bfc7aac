package dev.libcontainerd.bench;

import dev.libcontainerd.Client;
import dev.libcontainerd.OutputSink;
import dev.libcontainerd.Stdio;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 7. Watching many without a thread per stream: N containers attached through {@link Stdio#sink},
 * all blocked on a FIFO in their rootfs until released together, then each writes M bytes; one
 * caller thread (this one) waits while the library's reader feeds every sink. Reports the
 * aggregate throughput and the JVM's threads (all, and the library's own) idle, with N attached,
 * and after. The containers share one shim (a group), only to keep N shims' memory and start-up
 * out of a measurement about the client's threads.
 */
final class ManyStreamsScenario {
    private final Sides s;
    private final Options o;

    ManyStreamsScenario(Sides s, Options o) {
        this.s = s;
        this.o = o;
    }

    void run() throws Exception {
        String ns = Bench.STREAMS_NS;
        Client c = s.client(ns);
        Path go = s.daemon.rootfs.resolve("tmp/go");
        Files.deleteIfExists(go);
        new ProcessBuilder("mkfifo", go.toString()).inheritIO().start().waitFor();
        System.out.printf("%-16s", "streams");
        int[] idle = threads(ns);
        AtomicLong bytes = new AtomicLong();
        CountDownLatch closed = new CountDownLatch(o.streams);
        Set<String> open = ConcurrentHashMap.newKeySet();
        List<String> ids = new ArrayList<>();
        String script = "read x < /tmp/go; exec dd if=/dev/zero bs=64k count=" + (o.streamBytes >> 16) + " 2>/dev/null";
        // The gate is held open read-write from before the first start: a shell that reaches its
        // `read` only after the release still finds a writer and its line. (Opened write-only just
        // for the release, a shell late to open the FIFO waited for a writer forever, and its
        // stream never ended.)
        try (FileChannel gate = FileChannel.open(go, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < o.streams; i++) {
                String id = "st-" + i;
                c.create(id, s.specs.grouped(SerialScenarios.GROUP, ns, id, "sh", "-c", script), null);
                ids.add(id);
                open.add(id);
                c.start(id, null, Stdio.sink(sink(id, bytes, open, closed)));
                if (i % 20 == 19) {
                    System.out.print(".");
                }
            }
            int[] attached = threads(ns);
            int[] peak = attached.clone();
            long t0 = System.nanoTime();
            // one line per reader: each shell's read takes exactly one (a byte at a time)
            ByteBuffer lines = ByteBuffer.wrap("\n".repeat(o.streams).getBytes(StandardCharsets.US_ASCII));
            while (lines.hasRemaining()) {
                gate.write(lines);
            }
            long deadline = t0 + Bench.TIMEOUT.toNanos() * 4;
            // this thread only waits (and samples the thread counts while the library drains)
            while (!closed.await(100, TimeUnit.MILLISECONDS)) {
                int[] now = threads(ns);
                for (int k = 0; k < peak.length; k++) {
                    peak[k] = Math.max(peak[k], now[k]);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            closed.getCount() + " of " + o.streams + " streams never closed: " + stuck(c, open));
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long expected = (o.streamBytes >> 16 << 16) * o.streams;
            if (bytes.get() != expected) {
                throw new IllegalStateException("drained " + bytes.get() + " bytes, expected " + expected);
            }
            for (String id : ids) {
                s.watch.await(id, null);
            }
            s.results.add("streams", "library", 0, bytes.get() / (1024.0 * 1024.0) / secs, "MiB/s");
            s.results.add("streams", "client threads idle", 0, idle[0], "threads");
            s.results.add("streams", "client threads attached", 0, attached[0], "threads");
            s.results.row(
                    "streams",
                    "7. " + o.streams + " containers × " + (o.streamBytes >> 20)
                            + " MiB, one caller thread (Stdio.sink)",
                    "library",
                    null,
                    "MiB/s",
                    90,
                    Results.Bar.NONE,
                    0);
            s.results.note(String.format(
                    Locale.ROOT,
                    "7. threads of the streams' client (names with its"
                            + " namespace) idle / %d attached / peak while draining: %d / %d / %d; the connection's (gRPC) %d / %d /"
                            + " %d; the whole JVM %d / %d / %d; caller threads draining: 1",
                    o.streams,
                    idle[0],
                    attached[0],
                    peak[0],
                    idle[1],
                    attached[1],
                    peak[1],
                    idle[2],
                    attached[2],
                    peak[2]));
            s.results.add("streams", "client threads peak", 0, peak[0], "threads");
            s.results.add("streams", "JVM threads peak", 0, peak[2], "threads");
            System.out.println();
        } finally {
            for (String id : ids) {
                try {
                    Sides.remove(c, id);
                } catch (RuntimeException e) {
                    s.stop(c, id);
                }
                s.events.forget(ns, id);
            }
            Files.deleteIfExists(go);
        }
    }

    /** One container's sink: all count into {@code bytes}; {@code open} names those not yet closed. */
    private static OutputSink sink(String id, AtomicLong bytes, Set<String> open, CountDownLatch closed) {
        return new OutputSink() {
            @Override
            public void stdout(ByteBuffer chunk) {
                bytes.addAndGet(chunk.remaining());
            }

            @Override
            public void stderr(ByteBuffer chunk) {
                bytes.addAndGet(chunk.remaining()); // nothing expected
            }

            @Override
            public void closed() {
                if (open.remove(id)) {
                    closed.countDown();
                }
            }
        };
    }

    /**
     * What the containers whose streams never closed are doing: the task's status and where its
     * processes wait in the kernel, which tells a stuck container (its output never ended) from a
     * lost end of stream in the client.
     */
    private static String stuck(Client c, Set<String> open) {
        StringBuilder b = new StringBuilder();
        for (String id : open) {
            b.append("\n  ").append(id).append(": ");
            try {
                b.append(c.status(id));
                for (int pid : c.listPids(id)) {
                    b.append(", pid ")
                            .append(pid)
                            .append(' ')
                            .append(procText(pid, "cmdline").replace('\0', ' '));
                    b.append(" waits in ").append(procText(pid, "wchan"));
                    b.append(" syscall ").append(procText(pid, "syscall").split(" ")[0]);
                }
            } catch (RuntimeException e) {
                b.append(e);
            }
        }
        return b.toString();
    }

    private static String procText(int pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), file))
                    .trim();
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * Live threads: of the client of namespace {@code ns} (its event workers, event stream and
     * stdio reader carry the namespace in their names), of the shared connection (gRPC), and of
     * the whole JVM.
     */
    static int[] threads(String ns) {
        int client = 0;
        int connection = 0;
        int all = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            all++;
            if (n.startsWith("libcontainerd-") && n.contains("-" + ns)) {
                client++;
            } else if (n.startsWith("libcontainerd-grpc") || n.startsWith("grpc-")) {
                connection++;
            }
        }
        return new int[] {client, connection, all};
    }
}
