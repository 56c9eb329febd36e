package faastestbed.plots.stats;

import java.util.Arrays;

/**
 * Tukey box-plot numbers: quartiles (type 7, as everywhere in this module), whiskers at the most extreme values
 * within 1.5 IQR of the box, and the values beyond them as outliers.
 */
public record BoxStats(double q1, double median, double q3, double lowWhisker, double highWhisker, double[] outliers) {

    public BoxStats {
        outliers = outliers.clone();
    }

    @Override
    public double[] outliers() {
        return outliers.clone();
    }

    public static BoxStats of(double[] values) {
        double[] s = Descriptive.sorted(values);
        double q1 = Descriptive.percentileSorted(s, 0.25);
        double median = Descriptive.percentileSorted(s, 0.5);
        double q3 = Descriptive.percentileSorted(s, 0.75);
        double iqr = q3 - q1;
        double lowFence = q1 - 1.5 * iqr;
        double highFence = q3 + 1.5 * iqr;
        double low = Arrays.stream(s).filter(v -> v >= lowFence).min().orElse(q1);
        double high = Arrays.stream(s).filter(v -> v <= highFence).max().orElse(q3);
        double[] outliers = Arrays.stream(s).filter(v -> v < lowFence || v > highFence).toArray();
        return new BoxStats(q1, median, q3, low, high, outliers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoxStats b && q1 == b.q1 && median == b.median && q3 == b.q3
                && lowWhisker == b.lowWhisker && highWhisker == b.highWhisker && Arrays.equals(outliers, b.outliers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[]{q1, median, q3, lowWhisker, highWhisker}) * 31 + Arrays.hashCode(outliers);
    }

    @Override
    public String toString() {
        return "BoxStats[q1=" + q1 + ", median=" + median + ", q3=" + q3 + ", whiskers=" + lowWhisker + ".." + highWhisker
                + ", outliers=" + Arrays.toString(outliers) + "]";
    }
}
