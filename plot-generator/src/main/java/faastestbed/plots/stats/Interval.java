package faastestbed.plots.stats;

/** A closed interval [low, high], e.g. a confidence interval. */
public record Interval(double low, double high) {
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("not an interval: [" + low + ", " + high + "]");
        }
    }

    public boolean contains(double x) {
        return low <= x && x <= high;
    }
}
