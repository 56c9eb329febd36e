package faastestbed.sim;

import faastestbed.common.model.StartType;
import faastestbed.sim.engine.CellResult;

import java.util.List;
import java.util.Locale;

/** The summary a simulation prints: one line per cell, then a table. */
final class Report {
    private Report() {
    }

    static String line(CellResult r) {
        return String.format(Locale.ROOT, "%s: %d calls (%d ok, %d refused) in %s simulated, %.2f s wall, %,.0f events/s",
                r.tag(), r.calls(), r.ok(), r.rejected(), clock(Math.round(r.spanS() * 1e9)), r.wallNanos() / 1e9,
                r.eventsPerSecond());
    }

    static String table(List<CellResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%-44s %9s %9s %9s %9s %9s %8s %8s %12s%n", "cell", "calls", "refused",
                "mean ms", "p50 ms", "p99 ms", "cold %", "warm %", "idle GB·s"));
        for (CellResult r : results) {
            long warm = r.startTypes().getOrDefault(StartType.WARM, 0L) + r.startTypes().getOrDefault(StartType.PREWARMED, 0L);
            long all = r.startTypes().values().stream().mapToLong(Long::longValue).sum();
            b.append(String.format(Locale.ROOT, "%-44s %9d %9d %9.1f %9.1f %9.1f %8.1f %8.1f %12.1f%n", r.tag(), r.calls(),
                    r.rejected(), r.meanMs(), r.quantileMs(0.5), r.quantileMs(0.99), 100 * r.coldShare(),
                    all == 0 ? Double.NaN : 100.0 * warm / all, r.idleMbSeconds() / 1024));
        }
        return b.toString();
    }

    static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
