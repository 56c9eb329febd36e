package faastestbed.plots.charts;

import faastestbed.plots.data.CellSummary;
import faastestbed.plots.data.ColdVsIdle;
import faastestbed.plots.data.Group;
import faastestbed.plots.data.Grouping;
import faastestbed.plots.data.PoolCells;
import faastestbed.plots.stats.StartMix;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Renders all charts of a set of groups to PNG files. The only chart code that touches the file system. */
public final class ChartWriter {
    public static final String NODES_FILE = "invocations_per_node.png";
    /** Suffixes of the per-function charts: {@code <function>_<kind>.png}. */
    public static final List<String> KINDS = List.of("bar", "box", "cdf", "timeline");

    private ChartWriter() {
    }

    /** {@link #writeAll(List, PoolCells, Path, Consumer)} without pool samples (static-mode sessions). */
    public static List<Path> writeAll(List<Group> groups, Path outDir, Consumer<String> warn) throws IOException {
        return writeAll(groups, PoolCells.EMPTY, outDir, warn);
    }

    /**
     * Writes the four per-function charts for every function with at least one OK row, and the per-node chart.
     * Functions with no OK row have no latency to draw; they are reported through {@code warn}, not skipped silently.
     * The container charts are written only when they have something to show: start types once a group ran in
     * the dynamic mode (a static mode's bar would only repeat its label), the cold-vs-idle plot once a cell has
     * both pool samples and known start types, the pool chart once there are pool samples.
     *
     * @return the files written, in order
     */
    public static List<Path> writeAll(List<Group> groups, PoolCells pool, Path outDir, Consumer<String> warn)
            throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        Map<String, List<Group>> byFunction = Grouping.byFunction(groups);
        Map<String, String> stems = FileNames.stems(byFunction.keySet());
        for (Map.Entry<String, List<Group>> e : byFunction.entrySet()) {
            String function = e.getKey();
            List<Group> withOk = e.getValue().stream().filter(g -> g.okSeconds().length > 0).toList();
            if (withOk.size() < e.getValue().size()) {
                List<String> none = e.getValue().stream().filter(g -> g.okSeconds().length == 0).map(Group::label).toList();
                warn.accept("function " + function + ": no ok rows for " + none + "; left out of its latency charts");
            }
            if (withOk.isEmpty()) {
                continue;
            }
            String stem = stems.get(function);
            written.add(save(Charts.bar(function, withOk), outDir.resolve(stem + "_bar.png")));
            written.add(save(Charts.box(function, withOk), outDir.resolve(stem + "_box.png")));
            written.add(save(Charts.cdf(function, withOk), outDir.resolve(stem + "_cdf.png")));
            written.add(save(Charts.timeline(function, withOk), outDir.resolve(stem + "_timeline.png")));
        }
        if (!groups.isEmpty()) {
            written.add(save(Charts.invocationsPerNode(groups), outDir.resolve(NODES_FILE)));
        }
        if (groups.stream().anyMatch(Group::dynamic) && groups.stream().anyMatch(g -> StartMix.of(g.rows()).known() > 0)) {
            written.add(save(Charts.startTypes(groups), outDir.resolve(FileNames.START_TYPES)));
        }
        List<CellSummary> cells = CellSummary.all(groups.stream().flatMap(g -> g.rows().stream()).toList(), pool);
        List<ColdVsIdle.Point> points = ColdVsIdle.points(cells);
        if (!points.isEmpty()) {
            written.add(save(Charts.coldVsIdleMemory(points), outDir.resolve(FileNames.COLD_VS_IDLE)));
        }
        if (!pool.isEmpty()) {
            written.add(save(Charts.poolOverTime(cells, pool), outDir.resolve(FileNames.POOL_OVER_TIME)));
        }
        return List.copyOf(written);
    }

    /** Renders to a temporary sibling first, so an interrupted run never leaves a truncated PNG under the real name. */
    static Path save(Chart<?, ?> chart, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
