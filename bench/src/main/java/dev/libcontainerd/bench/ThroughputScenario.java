package dev.libcontainerd.bench;

import dev.libcontainerd.Client;
import dev.libcontainerd.DirectIO;
import dev.libcontainerd.OutputSink;
import dev.libcontainerd.Stdio;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * 5. Throughput: a container writes N bytes of zeros to stdout ({@code dd bs=1M}) and the client
 * drains them: the library through attached streams and through {@link Stdio#sink}, against
 * {@code ctr run --rm} whose stdout is a pipe to this JVM. Rate = bytes / (last byte − first
 * byte), so container start and clean-up (and ctr's exit after the last byte) stay out of it.
 */
final class ThroughputScenario {
    private static final int BUF = 1 << 20;
    private final Sides s;
    private final Options o;

    ThroughputScenario(Sides s, Options o) {
        this.s = s;
        this.o = o;
    }

    /** First and last byte times of one drained stream, in nanos, and its size. */
    record Drained(long first, long last, long bytes) {
        double mibPerSec() {
            return bytes / (1024.0 * 1024.0) / ((last - first) / 1e9);
        }
    }

    void run() throws Exception {
        Client c = s.client(Bench.LIB_NS);
        long mib = o.throughputBytes >> 20;
        String[] dd = {"dd", "if=/dev/zero", "bs=1M", "count=" + mib};
        System.out.printf("%-16s", "throughput");
        for (int r = -1; r < o.throughputReps; r++) {
            check(r, "library", attach(c, "tp-a-" + (r + 1), dd));
            check(r, "library sink", sink(c, "tp-s-" + (r + 1), dd));
            check(r, "ctr", ctr("tp-c-" + (r + 1), dd));
            System.out.print(r >= 0 ? "." : "w");
        }
        System.out.println();
        String what = "5. " + mib + " MiB stdout drained, MiB/s";
        s.results.row(
                "throughput",
                what + ", attached streams vs ctr",
                "library",
                "ctr",
                "MiB/s",
                90,
                Results.Bar.RATIO_AT_LEAST,
                1.05);
        s.results.row(
                "throughput",
                what + ", Stdio.sink vs ctr",
                "library sink",
                "ctr",
                "MiB/s",
                90,
                Results.Bar.RATIO_AT_LEAST,
                1.05);
    }

    private void check(int r, String side, Drained d) {
        if (d.bytes() != o.throughputBytes) {
            throw new IllegalStateException(side + " drained " + d.bytes() + " bytes, not " + o.throughputBytes);
        }
        if (r >= 0) {
            s.results.add("throughput", side, r, d.mibPerSec(), "MiB/s");
        }
    }

    private Drained attach(Client c, String id, String[] dd) throws Exception {
        CompletableFuture<Drained> out = new CompletableFuture<>();
        c.create(id, s.specs.spec(Bench.LIB_NS, id, dd), null);
        c.start(id, null, Stdio.attach(false, (DirectIO io) -> {
            Thread t = new Thread(
                    () -> {
                        try {
                            out.complete(drain(io.stdout()));
                        } catch (IOException e) {
                            out.completeExceptionally(e);
                        }
                    },
                    "bench-throughput");
            t.start();
            Thread e = new Thread(
                    () -> {
                        try {
                            io.stderr().transferTo(OutputStream.nullOutputStream());
                        } catch (IOException ignored) {
                            // dd's summary only
                        }
                    },
                    "bench-throughput-err");
            e.start();
        }));
        return finish(c, id, out);
    }

    private Drained sink(Client c, String id, String[] dd) throws Exception {
        CompletableFuture<Drained> out = new CompletableFuture<>();
        OutputSink counter = new OutputSink() {
            private long first;
            private long last;
            private long bytes;

            @Override
            public void stdout(ByteBuffer chunk) {
                long now = System.nanoTime();
                if (bytes == 0) {
                    first = now;
                }
                bytes += chunk.remaining();
                last = now;
            }

            @Override
            public void stderr(ByteBuffer chunk) {
                // dd's summary
            }

            @Override
            public void closed() {
                out.complete(new Drained(first, last, bytes));
            }
        };
        c.create(id, s.specs.spec(Bench.LIB_NS, id, dd), null);
        c.start(id, null, Stdio.sink(counter));
        return finish(c, id, out);
    }

    private Drained finish(Client c, String id, CompletableFuture<Drained> out) throws Exception {
        Drained d = out.get(Bench.TIMEOUT.toSeconds() * 4, TimeUnit.SECONDS);
        Watch.Exit exit = s.watch.await(id, null);
        Sides.remove(c, id);
        s.events.forget(Bench.LIB_NS, id);
        if (exit.info().exitCode() != 0) {
            throw new IllegalStateException(id + " exited " + exit.info().exitCode());
        }
        return d;
    }

    private Drained ctr(String id, String[] dd) throws Exception {
        String[] head = s.daemon.ctrCommand(
                Bench.CTR_NS, "run", "--rm", "--env", SpecJson.PATH, "--rootfs", s.daemon.rootfs.toString(), id);
        String[] cmd = Arrays.copyOf(head, head.length + dd.length);
        System.arraycopy(dd, 0, cmd, head.length, dd.length);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Drained d = drain(p.getInputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ctr run " + id + " failed");
        }
        s.events.forget(Bench.CTR_NS, id);
        return d;
    }

    /** Reads to EOF with 1 MiB reads, noting when the first and the last byte arrived. */
    static Drained drain(InputStream in) throws IOException {
        byte[] buf = new byte[BUF];
        long first = 0;
        long last = 0;
        long bytes = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            long now = System.nanoTime();
            if (bytes == 0 && n > 0) {
                first = now;
            }
            bytes += n;
            last = now;
        }
        return new Drained(first, last, bytes);
    }
}
