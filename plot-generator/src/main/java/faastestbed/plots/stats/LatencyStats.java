package faastestbed.plots.stats;

import java.util.Optional;

/**
 * Summary of a sample of execution times, seconds. Percentiles are Hyndman &amp; Fan type 7
 * ({@link Descriptive#percentileSorted}); all intervals are at {@link #CONFIDENCE}.
 */
public record LatencyStats(int n, double mean, Optional<Interval> meanCi,
                           Quantile p50, Quantile p95, Quantile p99) {

    public static final double CONFIDENCE = 0.95;

    /** A percentile estimate and its distribution-free confidence interval, if n allows one. */
    public record Quantile(double p, double value, Optional<Interval> ci) {
    }

    /** Stats of a non-empty sample; the array is not modified. */
    public static LatencyStats of(double[] values) {
        double[] sorted = Descriptive.sorted(values);
        return new LatencyStats(sorted.length, Descriptive.mean(sorted),
                ConfidenceIntervals.mean(sorted, CONFIDENCE),
                quantile(sorted, 0.50), quantile(sorted, 0.95), quantile(sorted, 0.99));
    }

    private static Quantile quantile(double[] sorted, double p) {
        return new Quantile(p, Descriptive.percentileSorted(sorted, p), ConfidenceIntervals.quantile(sorted, p, CONFIDENCE));
    }
}
