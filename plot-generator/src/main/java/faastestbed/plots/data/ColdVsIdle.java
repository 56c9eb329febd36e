package faastestbed.plots.data;

import faastestbed.common.model.StartType;
import faastestbed.plots.stats.Pareto;
import faastestbed.plots.stats.StartMix;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The trade-off a keep-alive policy makes (ATC'20, FaasCache): idle memory paid against cold starts avoided. */
public final class ColdVsIdle {
    private ColdVsIdle() {
    }

    /**
     * One label (policy × keep-alive) of the trade-off plot.
     *
     * @param cells       cells the label ran in
     * @param idleGbS     idle memory per cell, GB·s: the mean over its cells, because idle memory grows with every
     *                    repeat of a label while a share does not
     * @param coldPercent cold starts (cold + image-cached) among its rows with a known start type, all its cells
     */
    public record Point(String label, int cells, double idleGbS, double coldPercent) {
    }

    /** One point per label over the cells that have both pool samples and rows with a known start type; sorted by label. */
    public static List<Point> points(List<CellSummary> cells) {
        Map<String, List<CellSummary>> byLabel = new TreeMap<>();
        for (CellSummary c : cells) {
            if (c.idleGbS().isPresent() && c.mix().known() > 0) {
                byLabel.computeIfAbsent(c.label(), l -> new ArrayList<>()).add(c);
            }
        }
        List<Point> points = new ArrayList<>();
        byLabel.forEach((label, of) -> {
            Map<StartType, Integer> counts = new EnumMap<>(StartType.class);
            of.forEach(c -> c.mix().counts().forEach((t, n) -> counts.merge(t, n, Integer::sum)));
            double cold = new StartMix(counts, 0).coldStartPercent().orElseThrow();
            double idle = of.stream().mapToDouble(c -> c.idleGbS().getAsDouble()).average().orElseThrow();
            points.add(new Point(label, of.size(), idle, cold));
        });
        return List.copyOf(points);
    }

    public static List<Point> frontier(List<Point> points) {
        return Pareto.frontier(points, Point::idleGbS, Point::coldPercent);
    }
}
