package faastestbed.plots.data;

import faastestbed.common.metrics.PoolSample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/** Pool samples indexed by cell, and what is derived from them: idle memory integrated over time, pool size over time. */
public final class PoolCells {
    public static final double MB_PER_GB = 1024;
    public static final PoolCells EMPTY = new PoolCells(Map.of());

    private final Map<CellKey, List<PoolSample>> byCell;

    private PoolCells(Map<CellKey, List<PoolSample>> byCell) {
        this.byCell = byCell;
    }

    public static PoolCells of(Collection<PoolSample> samples) {
        Map<CellKey, List<PoolSample>> map = new TreeMap<>();
        for (PoolSample s : samples) {
            map.computeIfAbsent(CellKey.of(s), k -> new ArrayList<>()).add(s);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return new PoolCells(map);
    }

    /**
     * Only the samples taken while the cell's calls ran (first arrival to last answer), so cells are compared over
     * the same window: the gateway keeps sampling an idle pool until the next cell resets it, for however long that
     * takes. Cells without metrics rows are kept whole.
     */
    public PoolCells clippedTo(Collection<faastestbed.common.metrics.MetricsRecord> rows) {
        Map<CellKey, Instant[]> window = new TreeMap<>();
        for (var r : rows) {
            if (r.mode() != faastestbed.common.model.ExecutionMode.DYNAMIC || r.timestamp() == null) {
                continue;
            }
            Instant start = r.timestamp();
            Instant end = start.plusNanos((long) (r.executionTimeS() * 1e9));
            window.merge(CellKey.of(r), new Instant[] {start, end}, (a, b) -> new Instant[] {
                    a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        Map<CellKey, List<PoolSample>> out = new TreeMap<>();
        byCell.forEach((cell, samples) -> {
            Instant[] w = window.get(cell);
            List<PoolSample> kept = w == null ? samples : samples.stream()
                    .filter(s -> !s.timestamp().isBefore(w[0]) && !s.timestamp().isAfter(w[1].plusSeconds(1))).toList();
            if (!kept.isEmpty()) {
                out.put(cell, kept);
            }
        });
        return new PoolCells(out);
    }

    public boolean isEmpty() {
        return byCell.isEmpty();
    }

    /** Cells with at least one sample, sorted. */
    public Set<CellKey> cells() {
        return byCell.keySet();
    }

    public boolean has(CellKey cell) {
        return byCell.containsKey(cell);
    }

    public List<PoolSample> samples(CellKey cell) {
        return byCell.getOrDefault(cell, List.of());
    }

    /** Idle memory of the cell over all nodes and functions, GB·s; empty when the cell was not sampled. */
    public OptionalDouble idleGbSeconds(CellKey cell) {
        return idleGbSeconds(List.of(cell), null);
    }

    /**
     * Idle memory of {@code function}'s containers (all functions if null) summed over the cells, GB·s. Empty
     * when there are no cells or any of them was not sampled: a sum over the sampled ones only would understate
     * the cost without saying so. A sampled cell in which the function never had a container contributes 0.
     */
    public OptionalDouble idleGbSeconds(Collection<CellKey> cells, String function) {
        if (cells.isEmpty() || !cells.stream().allMatch(byCell::containsKey)) {
            return OptionalDouble.empty();
        }
        double mbS = cells.stream().distinct().flatMap(c -> byCell.get(c).stream())
                .filter(s -> function == null || s.function().equals(function))
                .mapToDouble(PoolSample::idleMemoryMbSeconds).sum();
        return OptionalDouble.of(mbS / MB_PER_GB);
    }

    /** Seconds from the cell's first sample to its last. */
    public double spanSeconds(CellKey cell) {
        List<PoolSample> s = samples(cell);
        if (s.isEmpty()) {
            return 0;
        }
        Instant first = s.stream().map(PoolSample::timestamp).min(Instant::compareTo).orElseThrow();
        Instant last = s.stream().map(PoolSample::timestamp).max(Instant::compareTo).orElseThrow();
        return Duration.between(first, last).toNanos() / 1e9;
    }

    /**
     * Containers (idle + busy) of the cell per sampling moment, summed over nodes and functions: x = seconds since
     * the cell's first sample (so cells of different runs overlay), y = containers; sorted by x.
     */
    public double[][] containersOverTime(CellKey cell) {
        TreeMap<Instant, Integer> total = new TreeMap<>();
        for (PoolSample s : samples(cell)) {
            total.merge(s.timestamp(), s.idle() + s.busy(), Integer::sum);
        }
        double[] x = new double[total.size()];
        double[] y = new double[total.size()];
        if (total.isEmpty()) {
            return new double[][]{x, y};
        }
        Instant first = total.firstKey();
        int i = 0;
        for (Map.Entry<Instant, Integer> e : total.entrySet()) {
            x[i] = Duration.between(first, e.getKey()).toNanos() / 1e9;
            y[i] = e.getValue();
            i++;
        }
        return new double[][]{x, y};
    }
}
