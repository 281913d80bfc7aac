package dev.libcontainerd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The table on stdout and the files under the results dir: {@code results.md} (the table, the
 * notes, the step breakdown, JMH), {@code summary.csv}, {@code samples.csv}, {@code steps.csv} and
 * {@code bench.png}.
 *
 * <p>A bar is judged on medians (p50 of ours / p50 of ctr; for latencies our p99), so one slow
 * outlier on a busy machine does not decide it; p90 (p99 for latencies) is shown beside it.
 */
final class Report {
    /** A row with its numbers worked out. */
    record Line(Results.Row row, Stats ours, Stats ctr, double ratio, String bar, String met) {
        double tail(Stats s) {
            return row.tail() == 99 ? s.p99() : s.p90();
        }
    }

    private final Results r;
    private final String header;
    final List<Line> lines = new ArrayList<>();

    Report(Results r, String header) {
        this.r = r;
        this.header = header;
        for (Results.Row row : r.rows) {
            List<Double> o = r.values(row.scenario(), row.ours());
            if (o.isEmpty()) {
                continue;
            }
            Stats ours = Stats.of(o);
            List<Double> c = row.ctr() == null ? List.of() : r.values(row.scenario(), row.ctr());
            Stats ctr = c.isEmpty() ? null : Stats.of(c);
            double ratio = ctr == null ? Double.NaN : ours.p50() / ctr.p50();
            String bar =
                    row.bar() == Results.Bar.NONE ? "—" : String.format(Locale.ROOT, row.bar().format, row.barValue());
            boolean met = switch (row.bar()) {
                case RATIO_AT_MOST -> ratio <= row.barValue();
                case RATIO_AT_LEAST -> ratio >= row.barValue();
                case P99_AT_MOST -> ours.p99() <= row.barValue();
                case NONE -> false;
            };
            lines.add(
                    new Line(row, ours, ctr, ratio, bar, row.bar() == Results.Bar.NONE ? "—" : met ? "met" : "MISSED"));
        }
    }

    private static String pair(Line l, Stats s) {
        if (s == null) {
            return "—";
        }
        String f = l.row().unit().equals("ms") ? "%.1f / %.1f" : "%.0f / %.0f";
        return String.format(Locale.ROOT, f, s.p50(), l.tail(s)) + " " + l.row().unit();
    }

    void print(PrintStream out) {
        out.println();
        out.printf(
                "%-66s %-22s %-22s %6s  %-14s %s%n",
                "scenario (p50 / p90; latencies p50 / p99)", "ours", "ctr", "ratio", "bar", "met");
        for (Line l : lines) {
            out.printf(
                    Locale.ROOT,
                    "%-66s %-22s %-22s %6s  %-14s %s%n",
                    l.row().label(),
                    pair(l, l.ours()),
                    pair(l, l.ctr()),
                    Double.isNaN(l.ratio()) ? "—" : String.format(Locale.ROOT, "%.3f", l.ratio()),
                    l.bar(),
                    l.met());
        }
        for (String n : r.notes) {
            out.println("note: " + n);
        }
        out.println();
        out.print(steps(false));
    }

    /** Median of every step per scenario and side, as a text or Markdown table. */
    private String steps(boolean markdown) {
        StringBuilder b = new StringBuilder();
        Set<String> scenarios = new LinkedHashSet<>();
        r.steps.forEach(s -> scenarios.add(s.scenario()));
        for (String sc : scenarios) {
            Set<String> sides = new LinkedHashSet<>();
            Set<String> names = new LinkedHashSet<>();
            r.steps.stream().filter(s -> s.scenario().equals(sc)).forEach(s -> names.add(s.step()));
            // ours first, then the others by name: the same column order in every table
            r.steps.stream()
                    .filter(s -> s.scenario().equals(sc))
                    .map(Results.Step::side)
                    .sorted(Comparator.comparing((String sd) -> !sd.equals("library"))
                            .thenComparing(sd -> sd))
                    .forEach(sides::add);
            b.append(markdown ? "\n#### " : "")
                    .append(sc)
                    .append(": where the time goes, from containerd's event timestamps (p50 ms)\n");
            if (markdown) {
                b.append("\n| step |");
                sides.forEach(sd -> b.append(' ').append(sd).append(" |"));
                b.append("\n|---|").append("---:|".repeat(sides.size())).append('\n');
            }
            for (String name : names) {
                b.append(markdown ? "| " + name + " |" : String.format("  %-66s", name));
                for (String sd : sides) {
                    List<Double> v = r.steps.stream()
                            .filter(s -> s.scenario().equals(sc)
                                    && s.side().equals(sd)
                                    && s.step().equals(name))
                            .map(Results.Step::millis)
                            .toList();
                    String cell = v.isEmpty()
                            ? "—"
                            : String.format(Locale.ROOT, "%.1f", Stats.of(v).p50());
                    b.append(markdown ? " " + cell + " |" : String.format(" %10s %-10s", cell, sd));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    void write(Path dir, Path jmhJson) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("scenario,side,iteration,value,unit\n");
        for (Results.Sample s : r.samples) {
            csv.append(String.format(
                    Locale.ROOT, "%s,%s,%d,%.4f,%s%n", s.scenario(), s.side(), s.iteration(), s.value(), s.unit()));
        }
        Files.writeString(dir.resolve("samples.csv"), csv);

        StringBuilder steps = new StringBuilder("scenario,side,iteration,step,millis\n");
        for (Results.Step s : r.steps) {
            steps.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,\"%s\",%.3f%n",
                    s.scenario(),
                    s.side(),
                    s.iteration(),
                    s.step(),
                    s.millis()));
        }
        Files.writeString(dir.resolve("steps.csv"), steps);

        StringBuilder sum = new StringBuilder("scenario,label,unit,ours_side,ours_n,ours_p50,ours_p90,ours_p99,"
                + "ctr_side,ctr_n,ctr_p50,ctr_p90,ctr_p99,ratio_p50,bar,met\n");
        for (Line l : lines) {
            Stats o = l.ours();
            Stats c = l.ctr();
            sum.append(String.format(
                    Locale.ROOT,
                    "%s,\"%s\",%s,%s,%d,%.3f,%.3f,%.3f,%s,%s,%s,%s,%s,%s,\"%s\",%s%n",
                    l.row().scenario(),
                    l.row().label().replace("\"", "'"),
                    l.row().unit(),
                    l.row().ours(),
                    o.n(),
                    o.p50(),
                    o.p90(),
                    o.p99(),
                    l.row().ctr() == null ? "" : l.row().ctr(),
                    c == null ? "" : c.n(),
                    num(c == null ? Double.NaN : c.p50()),
                    num(c == null ? Double.NaN : c.p90()),
                    num(c == null ? Double.NaN : c.p99()),
                    num(l.ratio()),
                    l.bar(),
                    l.met()));
        }
        Files.writeString(dir.resolve("summary.csv"), sum);

        StringBuilder md =
                new StringBuilder("# Benchmark results\n\n").append(header).append('\n');
        md.append(
                "\n| scenario | ours p50 / p90 | ctr p50 / p90 | ratio (p50) | bar | met |\n|---|---:|---:|---:|---|---|\n");
        for (Line l : lines) {
            md.append("| ")
                    .append(l.row().label())
                    .append(" | ")
                    .append(pair(l, l.ours()))
                    .append(" | ")
                    .append(pair(l, l.ctr()))
                    .append(" | ")
                    .append(Double.isNaN(l.ratio()) ? "—" : String.format(Locale.ROOT, "%.3f", l.ratio()))
                    .append(" | ")
                    .append(l.bar())
                    .append(" | ")
                    .append(l.met())
                    .append(" |\n");
        }
        md.append("\nLatency rows (6.) show p50 / p99; the ctr column there is `ctr events` seeing the same exits.\n");
        if (!r.notes.isEmpty()) {
            md.append('\n');
            r.notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        if (!r.steps.isEmpty()) {
            md.append("\n### Steps\n").append(steps(true));
        }
        if (jmhJson != null && Files.exists(jmhJson)) {
            md.append("\n### JMH (in-process)\n\n").append(Jmh.markdown(jmhJson));
        }
        Files.writeString(dir.resolve("results.md"), md);
        Chart.write(this, r, dir.resolve("bench.png"));
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
    }
}
