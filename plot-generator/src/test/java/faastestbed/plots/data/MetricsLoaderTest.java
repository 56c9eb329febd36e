package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsCsvReader.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBothFormatsAndReportsMalformedRows() throws Exception {
        SampleData.newFormat(dir.resolve("metrics.csv"));
        SampleData.seedFormat(dir.resolve("metrics.1700000000.csv"));
        SampleData.malformed(dir.resolve("broken.csv"));

        LoadedMetrics loaded = MetricsLoader.load(dir);

        assertEquals(3, loaded.csvFiles().size());
        assertEquals(3, loaded.readFiles().size());
        assertTrue(loaded.fileErrors().isEmpty());
        assertEquals(List.of(2L, 3L, 4L), loaded.problems().stream().map(Problem::line).toList());
        assertTrue(loaded.problems().stream().allMatch(p -> p.file().getFileName().toString().equals("broken.csv")));

        List<Group> groups = Grouping.byFunctionAndLabel(loaded.records());
        Map<String, Integer> counts = groups.stream()
                .collect(Collectors.toMap(g -> g.function() + "|" + g.label(), g -> g.rows().size()));
        assertEquals(Map.of(
                "fib-native|Round Robin - Cold", 10,
                "fib-python|Least Used - Pre-warmed", 12,
                "fib-python|Round Robin - Cold", 10,
                "fib-python|Cold", 5,
                "fib-python|Warmed", 6), counts);

        Group rrCold = groups.stream().filter(g -> g.function().equals("fib-python") && g.label().equals("Round Robin - Cold"))
                .findFirst().orElseThrow();
        assertEquals(8, rrCold.okSeconds().length);
        assertEquals(2, rrCold.failed());
        assertEquals(1, rrCold.mismatched());
        Group seedWarmed = groups.stream().filter(g -> g.label().equals("Warmed")).findFirst().orElseThrow();
        assertEquals("WARMED", seedWarmed.mode().orElseThrow().name());
        assertEquals(6, seedWarmed.okSeconds().length, "seed rows have no Status column and count as ok");
    }

    @Test
    void aCsvWithoutMetricsColumnsIsAFileErrorNamingIt() throws Exception {
        SampleData.newFormat(dir.resolve("metrics.csv"));
        java.nio.file.Files.writeString(dir.resolve("notes.csv"), "a,b\n1,2\n");
        java.nio.file.Files.writeString(dir.resolve("readme.txt"), "not a csv");

        LoadedMetrics loaded = MetricsLoader.load(dir);

        assertEquals(2, loaded.csvFiles().size());
        assertEquals(1, loaded.fileErrors().size());
        assertTrue(loaded.fileErrors().get(0).contains("notes.csv"), loaded.fileErrors().get(0));
        assertEquals(32, loaded.records().size());
    }

    @Test
    void poolCsvsAreReadAsPoolSamplesNotAsMetrics() throws Exception {
        SampleData.dynamicMetrics(dir.resolve("metrics.csv"));
        SampleData.pool(dir.resolve("pool.csv"));
        SampleData.pool(dir.resolve("pool.1700000000.csv"));
        java.nio.file.Files.writeString(dir.resolve("pool.1600000000.csv"), String.join("\n",
                "Timestamp,Interval (s),Run Id,Cell,Policy,Keep-Alive,Node,Function,Idle,Busy,Memory (MB),Idle Memory (MB),Capacity (MB)",
                "2025-12-01T09:00:00Z,2.000,r,c,p,lru,node-1,f,1,0,256,256,4096",
                "not-a-time,2.000,r,c,p,lru,node-1,f,1,0,256,256,4096", ""));

        LoadedMetrics metrics = MetricsLoader.load(dir);
        LoadedPool pool = PoolLoader.load(dir);

        assertEquals(List.of("metrics.csv"), metrics.csvFiles().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(metrics.problems().isEmpty() && metrics.fileErrors().isEmpty(), metrics.problems().toString());
        assertEquals(30, metrics.records().size());
        assertEquals(List.of("pool.1600000000.csv", "pool.1700000000.csv", "pool.csv"),
                pool.files().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(1 + 2 * 15, pool.samples().size());
        assertEquals(1, pool.problems().size());
        assertEquals(3L, pool.problems().get(0).line());
    }

    @Test
    void noPoolCsvIsNoPool() throws Exception {
        SampleData.newFormat(dir.resolve("metrics.csv"));
        LoadedPool pool = PoolLoader.load(dir);
        assertTrue(pool.files().isEmpty() && pool.samples().isEmpty() && pool.fileErrors().isEmpty());
        assertTrue(MetricsLoader.isPoolFile(Path.of("POOL.csv")));
        assertTrue(MetricsLoader.isPoolFile(Path.of("pool.1700000000.csv")));
        assertTrue(!MetricsLoader.isPoolFile(Path.of("pooled.csv")) && !MetricsLoader.isPoolFile(Path.of("metrics.csv")));
    }
}
