package dev.libcontainerd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Everything a run measured: raw samples, the table's rows over them, per-step timings and notes. */
final class Results {
    /** One measured value of one side of a scenario. */
    record Sample(String scenario, String side, int iteration, double value, String unit) {}

    /** How a row's bar is judged. */
    enum Bar {
        /** ours p50 / ctr p50 must not exceed the bar (times). */
        RATIO_AT_MOST("≤ %.2f× ctr"),
        /** ours p50 / ctr p50 must reach the bar (throughput). */
        RATIO_AT_LEAST("≥ %.2f× ctr"),
        /** ours p99 must not exceed the bar, in the row's unit (latencies). */
        P99_AT_MOST("p99 ≤ %.0f ms"),
        /** Reported, no bar. */
        NONE("");

        final String format;

        Bar(String format) {
            this.format = format;
        }
    }

    /**
     * One line of the table: the series {@code (scenario, ours)} against {@code (scenario, ctr)}.
     *
     * @param ctr the comparison's side, or null when there is none
     * @param tail the upper percentile shown beside the median: 90 or 99
     */
    record Row(
            String scenario, String label, String ours, String ctr, String unit, int tail, Bar bar, double barValue) {}

    /** Time of one step of one side's lifecycle or exec, from containerd's event timestamps. */
    record Step(String scenario, String side, int iteration, String step, double millis) {}

    final List<Sample> samples = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Wrong results seen while measuring (the run goes on, but exits non-zero). */
    final List<String> defects = new ArrayList<>();

    synchronized void add(String scenario, String side, int iteration, double value, String unit) {
        samples.add(new Sample(scenario, side, iteration, value, unit));
    }

    synchronized void row(
            String scenario, String label, String ours, String ctr, String unit, int tail, Bar bar, double barValue) {
        rows.add(new Row(scenario, label, ours, ctr, unit, tail, bar, barValue));
    }

    synchronized void step(String scenario, String side, int iteration, String step, double millis) {
        steps.add(new Step(scenario, side, iteration, step, millis));
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    synchronized void defect(String defect) {
        defects.add(defect);
        note("DEFECT: " + defect);
    }

    synchronized List<Double> values(String scenario, String side) {
        return samples.stream()
                .filter(s -> s.scenario().equals(scenario) && s.side().equals(side))
                .map(Sample::value)
                .collect(Collectors.toList());
    }

    /** The median of a series, NaN when it has no samples. */
    synchronized double median(String scenario, String side) {
        List<Double> v = values(scenario, side);
        return v.isEmpty() ? Double.NaN : Stats.of(v).p50();
    }
}
