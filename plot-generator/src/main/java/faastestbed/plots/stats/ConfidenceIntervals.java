package faastestbed.plots.stats;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

import java.util.Optional;

/**
 * Confidence intervals. Both kinds are deterministic (no bootstrap, no randomness), so re-running the
 * plot generator on the same CSVs gives byte-identical tables.
 */
public final class ConfidenceIntervals {
    private ConfidenceIntervals() {
    }

    /** 1-based ranks of the order statistics bounding a quantile's confidence interval. */
    public record Ranks(int lower, int upper, double coverage) {
    }

    /**
     * Student-t interval for the mean: mean &plusmn; t(1 - α/2, n - 1) · s / √n. Empty for n &lt; 2, where the
     * spread is unknown. Latencies are skewed, but with the tens to hundreds of rows per group the testbed
     * produces the t interval is a fair approximation (central limit theorem); the quantile intervals below
     * need no such assumption.
     */
    public static Optional<Interval> mean(double[] values, double confidence) {
        checkConfidence(confidence);
        if (values.length < 2) {
            return Optional.empty();
        }
        double m = Descriptive.mean(values);
        double t = TDistribution.of(values.length - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double half = t * Descriptive.sampleStdDev(values) / Math.sqrt(values.length);
        return Optional.of(new Interval(m - half, m + half));
    }

    /**
     * Distribution-free interval for the p-quantile from order statistics: the number B of values below the
     * true quantile is Binomial(n, p), so [X(l), X(u)) covers it with probability P(l &le; B &lt; u) = F(u-1) - F(l-1).
     * Equal tails: l is the largest rank with F(l-1) &le; α/2 and u the smallest with 1 - F(u-1) &le; α/2,
     * so coverage is at least the confidence asked for. Empty when n is too small for such ranks to exist
     * (e.g. n &lt; 6 for the median, n &lt; 72 for p95, n &lt; 368 for p99 at 95%).
     * For n = 100, p = 0.5 this gives the textbook ranks 40 and 61.
     */
    public static Optional<Ranks> quantileRanks(int n, double p, double confidence) {
        checkConfidence(confidence);
        if (n < 1 || !(p > 0 && p < 1)) {
            return Optional.empty();
        }
        double tail = (1 - confidence) / 2;
        double slack = 1e-12; // rounding in the CDF must not flip a rank at an exact boundary
        BinomialDistribution below = BinomialDistribution.of(n, p); // B, the count of values below the quantile
        int lower = 0;
        for (int l = 1; l <= n && below.cumulativeProbability(l - 1) <= tail + slack; l++) {
            lower = l;
        }
        int upper = 0;
        for (int u = n; u >= 1 && 1 - below.cumulativeProbability(u - 1) <= tail + slack; u--) {
            upper = u;
        }
        if (lower == 0 || upper == 0 || lower >= upper) {
            return Optional.empty();
        }
        double coverage = below.cumulativeProbability(upper - 1) - below.cumulativeProbability(lower - 1);
        return Optional.of(new Ranks(lower, upper, coverage));
    }

    /** {@link #quantileRanks} applied to sorted values. */
    public static Optional<Interval> quantile(double[] sorted, double p, double confidence) {
        return quantileRanks(sorted.length, p, confidence)
                .map(r -> new Interval(sorted[r.lower() - 1], sorted[r.upper() - 1]));
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
    }
}
