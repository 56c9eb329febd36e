package faastestbed.plots.charts;

import faastestbed.plots.data.CellKey;
import faastestbed.plots.data.CellSummary;
import faastestbed.plots.data.Group;
import faastestbed.plots.data.Grouping;
import faastestbed.plots.data.MetricsLoader;
import faastestbed.plots.data.PoolCells;
import faastestbed.plots.data.PoolLoader;
import faastestbed.plots.data.SampleData;
import faastestbed.plots.stats.StartMix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartWriterTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path results;
    @TempDir
    Path out;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesOneValidPngPerFunctionAndKind() throws Exception {
        SampleData.newFormat(results.resolve("metrics.csv"));
        SampleData.seedFormat(results.resolve("seed.csv"));
        List<Group> groups = Grouping.byFunctionAndLabel(MetricsLoader.load(results).records());
        List<String> warnings = new ArrayList<>();

        List<Path> written = ChartWriter.writeAll(groups, out, warnings::add);

        Set<String> expected = Stream.of("fib-python", "fib-native")
                .flatMap(f -> ChartWriter.KINDS.stream().map(k -> f + "_" + k + ".png"))
                .collect(Collectors.toSet());
        expected = new java.util.HashSet<>(expected);
        expected.add(ChartWriter.NODES_FILE);
        assertEquals(expected, written.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        assertEquals(expected.size(), written.size());
        for (Path png : written) {
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 1000, png + " is suspiciously small");
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png + " is not a PNG");
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
        }
        try (Stream<Path> left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left behind");
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void functionWithoutOkRowsIsWarnedAboutAndGetsNoLatencyCharts() throws Exception {
        Files.writeString(results.resolve("metrics.csv"), String.join("\n",
                "Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s),Status",
                "bad fn/1,node-1,1,1,Round Robin - Cold,0.5,failed",
                "good,node-1,1,1,Round Robin - Cold,0.5,ok", ""));
        List<Group> groups = Grouping.byFunctionAndLabel(MetricsLoader.load(results).records());
        List<String> warnings = new ArrayList<>();

        List<String> names = ChartWriter.writeAll(groups, out, warnings::add).stream()
                .map(p -> p.getFileName().toString()).toList();

        assertTrue(names.contains("good_box.png"));
        assertTrue(names.stream().noneMatch(n -> n.startsWith("bad")), names.toString());
        assertTrue(names.contains(ChartWriter.NODES_FILE));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("bad fn/1"), warnings.get(0));
    }

    @Test
    void singleRowGroupsStillRender() throws Exception {
        Files.writeString(results.resolve("metrics.csv"), String.join("\n",
                "Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)",
                "f,node-1,1,1,Warmed,0.0",
                "f,,1,1,Strange label,0.2", ""));
        List<Group> groups = Grouping.byFunctionAndLabel(MetricsLoader.load(results).records());

        List<Path> written = ChartWriter.writeAll(groups, out, w -> { });

        assertEquals(5, written.size());
        for (Path png : written) {
            assertEquals(Charts.WIDTH, ImageIO.read(png.toFile()).getWidth());
        }
    }

    @Test
    void containerChartsAreWrittenOnlyWithTheirData() throws Exception {
        SampleData.dynamicMetrics(results.resolve("metrics.csv"));
        SampleData.pool(results.resolve("pool.csv"));
        List<Group> groups = Grouping.byFunctionAndLabel(MetricsLoader.load(results).records());
        PoolCells pool = PoolCells.of(PoolLoader.load(results).samples());

        List<String> withPool = ChartWriter.writeAll(groups, pool, out, w -> { }).stream()
                .map(p -> p.getFileName().toString()).toList();
        assertTrue(withPool.containsAll(List.of(FileNames.START_TYPES, FileNames.COLD_VS_IDLE, FileNames.POOL_OVER_TIME)),
                withPool.toString());
        for (String f : List.of(FileNames.START_TYPES, FileNames.COLD_VS_IDLE, FileNames.POOL_OVER_TIME)) {
            BufferedImage image = ImageIO.read(out.resolve(f).toFile());
            assertEquals(Charts.WIDTH, image.getWidth(), f);
        }

        Path other = out.resolve("no-pool");
        List<String> withoutPool = ChartWriter.writeAll(groups, other, w -> { }).stream()
                .map(p -> p.getFileName().toString()).toList();
        assertTrue(withoutPool.contains(FileNames.START_TYPES));
        assertTrue(!withoutPool.contains(FileNames.COLD_VS_IDLE) && !withoutPool.contains(FileNames.POOL_OVER_TIME),
                withoutPool.toString());
    }

    @Test
    void cellsSharingALabelGetDistinctSeriesNames() {
        StartMix none = new StartMix(java.util.Map.of(), 0);
        CellKey a = new CellKey("run-1", "c1", "p", "lru");
        CellKey b = new CellKey("run-2", "c1", "p", "lru");
        CellKey c = new CellKey("run-2", "c2", "p", "ttl");
        java.util.Map<CellKey, String> names = Charts.seriesNames(List.of(
                new CellSummary(a, List.of("P - Dynamic [lru]"), 1, none, java.util.OptionalDouble.empty(), 1, 0),
                new CellSummary(b, List.of("P - Dynamic [lru]"), 1, none, java.util.OptionalDouble.empty(), 1, 0),
                new CellSummary(c, List.of("P - Dynamic [ttl]"), 1, none, java.util.OptionalDouble.empty(), 1, 0)));
        assertEquals("P - Dynamic [ttl]", names.get(c));
        assertEquals(3, new java.util.HashSet<>(names.values()).size(), names.toString());
        assertTrue(names.get(a).contains("run-1"), names.get(a));
    }
}
