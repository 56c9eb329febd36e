package faastestbed.client.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Open-loop Poisson arrivals: independent exponential inter-arrival times with mean 1/rate.
 * Pure: the same arguments always give the same schedule.
 */
public final class PoissonArrivals {
    private PoissonArrivals() {
    }

    /**
     * @param ratePerSecond mean arrivals per second, > 0
     * @param count         exactly this many arrivals when not null; otherwise all arrivals before {@code durationS}
     * @param durationS     seconds of arrivals, used when {@code count} is null
     */
    public static List<Arrival> generate(double ratePerSecond, Integer count, Double durationS,
                                         List<String> functions, FunctionPick pick, long seed) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be > 0");
        }
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("no functions");
        }
        if (count == null && (durationS == null || !(durationS > 0))) {
            throw new IllegalArgumentException("need a count or a duration > 0");
        }
        SplittableRandom times = new SplittableRandom(seed);
        // A separate stream for the picks, so switching round-robin/random never moves the arrival times.
        SplittableRandom picks = times.split();
        List<Arrival> arrivals = new ArrayList<>();
        double t = 0;
        for (int i = 0; count == null || i < count; i++) {
            // Inverse CDF of the exponential; 1 - u is in (0, 1], so the log is finite.
            t += -Math.log(1.0 - times.nextDouble()) / ratePerSecond;
            if (count == null && t >= durationS) {
                break;
            }
            String function = pick == FunctionPick.RANDOM
                    ? functions.get(picks.nextInt(functions.size()))
                    : functions.get(i % functions.size());
            arrivals.add(new Arrival(Math.round(t * 1e9), function, "poisson"));
        }
        return List.copyOf(arrivals);
    }
}
