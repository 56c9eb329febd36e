package faastestbed.plots.stats;

import java.util.Arrays;

/** Plain descriptive statistics on arrays of values. Pure functions; inputs are never modified. */
public final class Descriptive {
    private Descriptive() {
    }

    public static double mean(double[] values) {
        requireNonEmpty(values);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1 in the denominator); NaN for fewer than two values. */
    public static double sampleStdDev(double[] values) {
        requireNonEmpty(values);
        if (values.length < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    public static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * The p-quantile (0 &le; p &le; 1) of already sorted values, by linear interpolation between order
     * statistics: Hyndman &amp; Fan type 7, the default of R, NumPy and Excel's PERCENTILE.INC.
     * With h = (n - 1) p, it is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) (0-based).
     * All percentiles of this module use this one definition, so tables and charts agree.
     */
    public static double percentileSorted(double[] sorted, double p) {
        requireNonEmpty(sorted);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** {@link #percentileSorted} on values in any order. */
    public static double percentile(double[] values, double p) {
        return percentileSorted(sorted(values), p);
    }

    private static void requireNonEmpty(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
    }
}
