package dev.libcontainerd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The table on stdout and the files under the results dir: samples.csv, phases.csv, summary.json, bench.png. */
final class Report {
    /** The bars: library mean / ctr mean must not exceed these. */
    static final Map<String, Double> BARS = Map.of("lifecycle", 0.85, "exec", 0.80);
    static final List<String> SCENARIOS = List.of("lifecycle", "exec");

    private final List<Bench.Sample> samples;
    private final List<Bench.Phases> phases;

    Report(List<Bench.Sample> samples, List<Bench.Phases> phases) {
        this.samples = samples;
        this.phases = phases;
    }

    List<Double> millis(String scenario, String side) {
        return samples.stream().filter(s -> s.scenario().equals(scenario) && s.side().equals(side))
                .map(Bench.Sample::millis).collect(Collectors.toList());
    }

    boolean has(String scenario) {
        return samples.stream().anyMatch(s -> s.scenario().equals(scenario));
    }

    void print(PrintStream out) {
        out.println();
        out.println("scenario   side       n     mean      p50      p90   (ms)");
        for (String sc : SCENARIOS) {
            if (!has(sc)) {
                continue;
            }
            Stats lib = Stats.of(millis(sc, "library"));
            Stats ctr = Stats.of(millis(sc, "ctr"));
            row(out, sc, "library", lib);
            row(out, sc, "ctr", ctr);
            double rMean = lib.mean() / ctr.mean();
            out.printf(Locale.ROOT, "%-10s ratio library/ctr: mean %.3f, median %.3f   bar <= %.2f: %s%n", sc,
                    rMean, lib.p50() / ctr.p50(), BARS.get(sc), rMean <= BARS.get(sc) ? "MET" : "MISSED");
        }
        for (String side : List.of("spawn /bin/true", "ctr version")) {
            List<Double> v = millis("fixed", side);
            if (!v.isEmpty()) {
                row(out, "fixed", side, Stats.of(v));
            }
        }
        for (String sc : List.of("lifecycle", "raw gRPC lifecycle", "exec")) {
            List<Bench.Phases> ps = phases.stream().filter(p -> p.scenario().equals(sc)).toList();
            if (ps.isEmpty()) {
                continue;
            }
            out.println();
            out.println((sc.startsWith("raw") ? "" : "library ") + sc + ", where the time goes (mean / p50 ms since the iteration began):");
            for (String mark : ps.get(0).marks().keySet()) {
                Stats s = Stats.of(ps.stream().map(p -> p.marks().get(mark)).filter(d -> !d.isNaN()).toList());
                out.printf(Locale.ROOT, "  %-55s %8.2f %8.2f%n", mark, s.mean(), s.p50());
            }
            List<Double> lags = ps.stream().map(Bench.Phases::exitEventLagMs).filter(d -> !d.isNaN()).toList();
            if (lags.isEmpty()) {
                continue;
            }
            Stats lag = Stats.of(lags);
            out.printf(Locale.ROOT, "  %-55s %8.2f %8.2f%n", "(EXIT event lag: backend call - exitedAt)", lag.mean(), lag.p50());
        }
    }

    private static void row(PrintStream out, String sc, String side, Stats s) {
        out.printf(Locale.ROOT, "%-10s %-9s %3d %8.2f %8.2f %8.2f%n", sc, side, s.n(), s.mean(), s.p50(), s.p90());
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("scenario,side,iteration,order,millis\n");
        for (Bench.Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f%n", s.scenario(), s.side(), s.iteration(),
                    s.order(), s.millis()));
        }
        Files.writeString(dir.resolve("samples.csv"), csv);

        StringBuilder pcsv = new StringBuilder("scenario,iteration,mark,millis_since_start\n");
        for (Bench.Phases p : phases) {
            p.marks().forEach((k, v) -> pcsv.append(String.format(Locale.ROOT, "%s,%d,\"%s\",%.3f%n",
                    p.scenario(), p.iteration(), k, v)));
            pcsv.append(String.format(Locale.ROOT, "%s,%d,\"%s\",%.3f%n", p.scenario(), p.iteration(),
                    "EXIT event lag", p.exitEventLagMs()));
        }
        Files.writeString(dir.resolve("phases.csv"), pcsv);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("host", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version")));
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (String sc : SCENARIOS) {
            if (!has(sc)) {
                continue;
            }
            Stats lib = Stats.of(millis(sc, "library"));
            Stats ctr = Stats.of(millis(sc, "ctr"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", sc);
            m.put("library", lib);
            m.put("ctr", ctr);
            m.put("ratioOfMeans", lib.mean() / ctr.mean());
            m.put("ratioOfMedians", lib.p50() / ctr.p50());
            m.put("bar", BARS.get(sc));
            m.put("met", lib.mean() / ctr.mean() <= BARS.get(sc));
            scenarios.add(m);
        }
        json.put("scenarios", scenarios);
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (String side : List.of("spawn /bin/true", "ctr version")) {
            List<Double> v = millis("fixed", side);
            if (!v.isEmpty()) {
                fixed.put(side, Stats.of(v));
            }
        }
        json.put("fixedCosts", fixed);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), json);

        Chart.write(this, dir.resolve("bench.png"));
    }
}
