package faastestbed.client.run;

import java.util.Arrays;

/** Mean and percentiles of a sample; NaN for an empty sample. */
public record Stats(int n, double mean, double p50, double p95) {

    public static Stats of(double[] values) {
        if (values.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, Arrays.stream(sorted).average().orElse(Double.NaN),
                percentile(sorted, 0.50), percentile(sorted, 0.95));
    }

    /**
     * Linear interpolation between closest ranks (NumPy's default, Hyndman-Fan type 7): position (n-1)p.
     * Chosen because it is what the analysis notebooks and most tools report, so numbers agree.
     */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = (sorted.length - 1) * p;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
