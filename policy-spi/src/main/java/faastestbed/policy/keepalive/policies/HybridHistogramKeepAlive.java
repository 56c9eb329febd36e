package faastestbed.policy.keepalive.policies;

import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hybrid histogram policy of "Serverless in the Wild" (Shahrad et al., ATC'20). Per function, a histogram of
 * idle times (time between consecutive calls) over a fixed range. When it is representative, the 5th percentile
 * (less 10 %) is the pre-warm window and the 99th (plus 10 %) the end of the keep-alive window: after a call the
 * container is removed and a new one is started when the pre-warm window has passed, to live until the keep-alive
 * window closes; with a pre-warm window of zero the container simply stays for the keep-alive window. When the
 * histogram is not representative (too few idle times, too many beyond its range, or its bin counts too flat: a
 * coefficient of variation below 2), the policy falls back to a fixed keep-alive of the histogram's whole range.
 *
 * <p>The paper uses 1-minute bins over 4 hours for day-long traces. Testbed runs compress time, so the default
 * bins are 1 s over 240 bins (4 minutes); {@code hybrid-histogram:1m} restores the paper's scale.
 */
public class HybridHistogramKeepAlive implements KeepAlivePolicy {
    public static final String NAME = "hybrid-histogram";
    static final int BINS = 240;
    static final int MIN_IDLE_TIMES = 10;
    static final double MAX_OUT_OF_RANGE_SHARE = 0.5;
    static final double MIN_CV = 2.0;

    private final Duration bin;
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();

    public HybridHistogramKeepAlive() {
        this(Duration.ofSeconds(1));
    }

    public HybridHistogramKeepAlive(Duration bin) {
        if (bin.isZero() || bin.isNegative()) {
            throw new IllegalArgumentException("the histogram's bin width must be positive: " + bin);
        }
        this.bin = bin;
    }

    /** The windows the histogram gives one function now. */
    public record Windows(boolean representative, Duration prewarm, Duration keepAlive) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeepAlivePolicy withArgument(String argument) {
        return new HybridHistogramKeepAlive(KeepAlivePolicy.parseDuration(argument));
    }

    @Override
    public void arrived(String function, String node, Instant at) {
        histograms.computeIfAbsent(function, f -> new Histogram()).arrival(at, bin);
    }

    @Override
    public Duration keepAlive(ContainerView idle, PoolView pool) {
        Windows w = windows(idle.function());
        if (!w.prewarm().isZero() && !idle.prewarmed()) {
            return Duration.ZERO;  // unload now; prewarmAfter brings it back before the next call is due
        }
        return w.keepAlive();
    }

    @Override
    public Optional<Duration> prewarmAfter(String function, PoolView pool) {
        Windows w = windows(function);
        return w.prewarm().isZero() ? Optional.empty() : Optional.of(w.prewarm());
    }

    public Windows windows(String function) {
        Histogram h = histograms.get(function);
        return h == null ? fallback() : h.windows(bin);
    }

    private Windows fallback() {
        return new Windows(false, Duration.ZERO, bin.multipliedBy(BINS));
    }

    @Override
    public void reset() {
        histograms.clear();
    }

    /** Idle-time counts of one function; guarded by its own lock. */
    private static final class Histogram {
        private final long[] counts = new long[BINS];
        private long outOfRange;
        private Instant last;

        synchronized void arrival(Instant at, Duration bin) {
            if (last != null && !at.isBefore(last)) {
                long i = Duration.between(last, at).toNanos() / bin.toNanos();
                if (i < BINS) {
                    counts[(int) i]++;
                } else {
                    outOfRange++;
                }
            }
            last = at;
        }

        synchronized Windows windows(Duration bin) {
            long inRange = 0;
            for (long c : counts) {
                inRange += c;
            }
            long total = inRange + outOfRange;
            Windows fallback = new Windows(false, Duration.ZERO, bin.multipliedBy(BINS));
            if (total < MIN_IDLE_TIMES || (double) outOfRange / total > MAX_OUT_OF_RANGE_SHARE || cv() < MIN_CV) {
                return fallback;
            }
            int head = percentileBin(inRange, 0.05);
            int tail = percentileBin(inRange, 0.99);
            // The head's lower edge and the tail's upper edge, with the paper's 10 % margins.
            long prewarmNanos = (long) (bin.toNanos() * head * 0.9);
            long endNanos = (long) (bin.toNanos() * (tail + 1) * 1.1);
            return new Windows(true, Duration.ofNanos(prewarmNanos), Duration.ofNanos(Math.max(0, endNanos - prewarmNanos)));
        }

        private int percentileBin(long inRange, double p) {
            long target = (long) Math.ceil(p * inRange);
            long seen = 0;
            for (int i = 0; i < BINS; i++) {
                seen += counts[i];
                if (seen >= Math.max(1, target)) {
                    return i;
                }
            }
            return BINS - 1;
        }

        private double cv() {
            double mean = 0;
            for (long c : counts) {
                mean += c;
            }
            mean /= BINS;
            if (mean == 0) {
                return 0;
            }
            double var = 0;
            for (long c : counts) {
                var += (c - mean) * (c - mean);
            }
            return Math.sqrt(var / BINS) / mean;
        }
    }
}
