package faastestbed.client.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a per-minute trace into an open-loop schedule. Pure: the same arguments give the same schedule.
 *
 * <ul>
 *   <li>Mapping: the trace's hashed functions are sorted by their whole-day total, busiest first (ties: file order),
 *       and dealt round-robin onto the registered functions. The busiest trace functions so land on different
 *       registered ones, and a hashed function maps to the same registered function whatever minutes are replayed.</li>
 *   <li>Within a minute the trace only gives a count, so each invocation gets a uniform random offset in that
 *       minute (seeded): the per-minute counts are reproduced exactly, the sub-minute shape is Poisson-like.</li>
 *   <li>Time compression divides every time: 60 replays one trace minute per wall-clock second.</li>
 * </ul>
 */
public final class TraceReplay {
    /** Above this the schedule would not fit comfortably in memory, and no single client could send it anyway. */
    public static final long MAX_ARRIVALS = 2_000_000;

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private TraceReplay() {
    }

    /** Registered function for every trace function, in file order. */
    public static Map<TraceFunction, String> mapping(AzureTrace trace, List<String> functions) {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("no functions");
        }
        List<TraceFunction> ranked = new ArrayList<>(trace.functions());
        ranked.sort(Comparator.comparingLong((TraceFunction f) -> f.total()).reversed().thenComparingInt(TraceFunction::line));
        Map<TraceFunction, String> assigned = new LinkedHashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            assigned.put(ranked.get(i), functions.get(i % functions.size()));
        }
        Map<TraceFunction, String> inFileOrder = new LinkedHashMap<>();
        trace.functions().forEach(f -> inFileOrder.put(f, assigned.get(f)));
        return inFileOrder;
    }

    /**
     * @param range       minutes to replay; null for the whole trace. Times start at 0 at the range's first minute.
     * @param compression trace seconds per wall-clock second, > 0
     * @return arrivals sorted by time (ties keep file order)
     */
    public static List<Arrival> schedule(AzureTrace trace, List<String> functions, MinuteRange range, double compression, long seed) {
        MinuteRange r = range == null ? trace.allMinutes() : range;
        if (r.to() > trace.minutes()) {
            throw new IllegalArgumentException("minute range " + r + " goes past the trace's last minute " + trace.minutes());
        }
        if (!(compression > 0) || Double.isInfinite(compression)) {
            throw new IllegalArgumentException("time compression must be > 0");
        }
        long total = trace.total(r);
        if (total > MAX_ARRIVALS) {
            throw new IllegalArgumentException("minutes " + r + " hold " + total + " invocations, more than the "
                    + MAX_ARRIVALS + " one replay can schedule; choose fewer minutes");
        }
        Map<TraceFunction, String> mapping = mapping(trace, functions);
        SplittableRandom random = new SplittableRandom(seed);
        List<Arrival> arrivals = new ArrayList<>((int) total);
        for (TraceFunction f : trace.functions()) {
            String function = mapping.get(f);
            for (int m = r.from(); m <= r.to(); m++) {
                long minuteStart = (m - r.from()) * MINUTE_NANOS;
                for (int i = f.count(m); i > 0; i--) {
                    long traceNanos = minuteStart + (long) (random.nextDouble() * MINUTE_NANOS);
                    arrivals.add(new Arrival(Math.round(traceNanos / compression), function, f.hashFunction()));
                }
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::atNanos));
        return List.copyOf(arrivals);
    }
}
