package dev.libcontainerd.bench;

import dev.libcontainerd.image.Images;
import dev.libcontainerd.image.PullOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pull + unpack of a ~200 MB image (4 layers of random data) from a loopback docker-registry:
 * the library's {@code Images.pull} versus {@code ctr images pull --plain-http} (which also
 * unpacks), on one private containerd, alternating sides (ABBA), each pull into a cold content
 * store (image removed and garbage-collected after every pull: containerd shares blobs across
 * namespaces, so a warm store would make the second side free).
 *
 * <pre>java -cp bench/target/bench.jar dev.libcontainerd.bench.PullBench [--iterations 6] [--warmup 3]
 *     [--layer-mb 50] [--results bench/results] [--dir /tmp/lcdp.XXXX]</pre>
 */
public final class PullBench {
    private PullBench() {}

    public static void main(String[] argv) throws Exception {
        int iterations = 6;
        // ctr is compiled ahead of time; the library's copy loop is JIT-compiled over the first
        // pulls (its CPU per pull falls from 2.2 s to 0.5 s over five pulls, measured), so the
        // first three are warm-up, as in the lifecycle scenarios
        int warmup = 3;
        int layerMb = 50;
        Path results = Path.of("bench/results");
        Path dir = null;
        boolean fetchOnly = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--iterations" -> iterations = Integer.parseInt(argv[++i]);
                case "--warmup" -> warmup = Integer.parseInt(argv[++i]);
                case "--layer-mb" -> layerMb = Integer.parseInt(argv[++i]);
                case "--results" -> results = Path.of(argv[++i]);
                case "--dir" -> dir = Path.of(argv[++i]);
                // diagnosis: fetch without unpacking, against `ctr content fetch`
                case "--fetch-only" -> fetchOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory(Path.of("/tmp"), "lcdp");
        }
        List<double[]> rows = measure(dir, iterations, warmup, layerMb, fetchOnly);
        write(results, rows, layerMb);
    }

    /**
     * Writes the last pull's dirty pages out (untimed): each pull writes ~400 MB (blobs and
     * snapshots), and the kernel flushing one pull's while the next runs made the next slower,
     * whichever side it was.
     */
    private static void settle() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** CPU ms so far of: this JVM, its waited-for children (ctr), containerd, the registry. */
    private static double[] cpu(BenchDaemon daemon, LoopbackRegistry registry) {
        return new double[] {
            CpuTimes.self(), CpuTimes.children(), CpuTimes.of(daemon.daemon.pid()), CpuTimes.of(registry.pid())
        };
    }

    private static void cpuLine(String side, double[] a, double[] b) {
        System.out.printf(
                Locale.ROOT,
                "  cpu of the %s pull: client %.0f ms, containerd %.0f ms, registry %.0f ms%n",
                side,
                (b[0] - a[0]) + (b[1] - a[1]),
                b[2] - a[2],
                b[3] - a[3]);
    }

    /**
     * The pull scenario of the main benchmark: the same measurement, its samples and row in the
     * run's table (bar: at most 0.80x ctr's wall time).
     */
    static void scenario(Options o, Path runDir, Results results) throws Exception {
        Path dir = Files.createDirectories(runDir.resolve("pull"));
        int iterations = o.quick ? 2 : 10;
        int warmup = o.quick ? 1 : 3;
        System.out.println("pull            (" + iterations + " measured + " + warmup + " warm-up per side)");
        List<double[]> rows = measure(dir, iterations, warmup, 50, false);
        for (double[] r : rows) {
            results.add("pull", "library", (int) r[0], r[1], "ms");
            results.add("pull", "ctr", (int) r[0], r[2], "ms");
        }
        results.row(
                "pull",
                "pull + unpack, 4 x 50 MB, loopback registry, vs `ctr images pull`",
                "library",
                "ctr",
                "ms",
                90,
                Results.Bar.RATIO_AT_MOST,
                0.80);
    }

    /** Rows of {iteration, library ms, ctr ms}, warm-ups left out. */
    static List<double[]> measure(Path dir, int iterations, int warmup, int layerMb, boolean fetchOnly)
            throws Exception {
        List<double[]> rows = new ArrayList<>();
        try (BenchDaemon daemon = BenchDaemon.start(dir.resolve("c"), false);
                LoopbackRegistry registry = LoopbackRegistry.start(dir.resolve("registry"))) {
            String ref = registry.pushRandomImage("bench/random", 4, layerMb << 20);
            Images images = Images.of(daemon.containerd, Bench.LIB_NS);
            PullOptions options = PullOptions.builder()
                    .plainHttp(true)
                    .unpack(!fetchOnly)
                    .concurrency(Integer.getInteger("pull.concurrency", 3))
                    .build();
            for (int i = -warmup; i < iterations; i++) {
                boolean libFirst = Math.floorMod(i, 4) == 0 || Math.floorMod(i, 4) == 3;
                double lib = 0;
                double ctr = 0;
                for (int side = 0; side < 2; side++) {
                    double[] cpu0 = cpu(daemon, registry);
                    if ((side == 0) == libFirst) {
                        long t0 = System.nanoTime();
                        images.pull(ref, options);
                        lib = (System.nanoTime() - t0) / 1e6;
                        cpuLine("library", cpu0, cpu(daemon, registry));
                        images.remove(ref, true);
                        settle();
                    } else {
                        long t0 = System.nanoTime();
                        daemon.ctr(
                                Bench.CTR_NS,
                                fetchOnly ? "content" : "images",
                                fetchOnly ? "fetch" : "pull",
                                "--plain-http",
                                ref);
                        ctr = (System.nanoTime() - t0) / 1e6;
                        cpuLine("ctr", cpu0, cpu(daemon, registry));
                        daemon.ctr(Bench.CTR_NS, "images", "rm", "--sync", ref);
                        settle();
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "pull %d%s: library %.0f ms, ctr %.0f ms%n",
                        i,
                        i < 0 ? " (warm-up, discarded)" : "",
                        lib,
                        ctr);
                if (i >= 0) {
                    rows.add(new double[] {i, lib, ctr});
                }
            }
        }
        return rows;
    }

    private static void write(Path results, List<double[]> rows, int layerMb) throws IOException {
        Files.createDirectories(results);
        StringBuilder csv = new StringBuilder("iteration,library_ms,ctr_ms\n");
        rows.forEach(r -> csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f%n", (int) r[0], r[1], r[2])));
        Files.writeString(results.resolve("pull.csv"), csv);
        double lib = rows.stream().mapToDouble(r -> r[1]).average().orElse(0);
        double ctr = rows.stream().mapToDouble(r -> r[2]).average().orElse(0);
        double libMed = median(rows, 1);
        double ctrMed = median(rows, 2);
        String line = String.format(
                Locale.ROOT,
                "| pull + unpack (4 x %d MB) | %.0f / %.0f ms | %.0f / %.0f ms | %.3f / %.3f | 0.80 |",
                layerMb,
                lib,
                libMed,
                ctr,
                ctrMed,
                lib / ctr,
                libMed / ctrMed);
        Files.writeString(results.resolve("pull-row.md"), line + "\n");
        System.out.println(line);
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
