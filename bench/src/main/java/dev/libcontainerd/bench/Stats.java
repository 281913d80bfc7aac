package dev.libcontainerd.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics of one series of samples (milliseconds, MiB/s, ...: whatever the series measures).
 *
 * <p>Percentiles interpolate linearly between closest ranks (numpy's default, "R-7"), so p50 of
 * an even-sized sample is the mean of its two middle values.
 */
public record Stats(int n, double mean, double p50, double p90, double p99, double min, double max, double stdev) {

    /** The statistics of {@code millis} (at least one value). */
    public static Stats of(List<Double> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] v = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double stdev = v.length > 1 ? Math.sqrt(var / (v.length - 1)) : 0;
        return new Stats(
                v.length, mean, percentile(v, 50), percentile(v, 90), percentile(v, 99), v[0], v[v.length - 1], stdev);
    }

    /** The {@code p}-th percentile (0..100) of an ascending array. */
    static double percentile(double[] sorted, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
