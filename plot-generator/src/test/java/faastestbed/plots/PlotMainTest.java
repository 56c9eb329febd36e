package faastestbed.plots;

import faastestbed.common.metrics.PoolCsv;
import faastestbed.plots.charts.FileNames;
import faastestbed.plots.data.CellKey;
import faastestbed.plots.data.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private int run(String... args) {
        return PlotMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsExitTwoWithUsage() {
        assertEquals(2, run("--bogus"));
        assertTrue(err().startsWith("error: unknown option: --bogus"), err());
        assertTrue(err().contains("usage:"));
    }

    @Test
    void missingValueExitsTwo() {
        assertEquals(2, run("--results"));
        assertTrue(err().contains("--results needs a directory"), err());
        assertEquals(2, run("--out", "--results", dir.toString()));
    }

    @Test
    void missingResultsDirectoryExitsTwo() {
        assertEquals(2, run("--results", dir.resolve("nope").toString()));
        assertTrue(err().contains("results directory not found"), err());
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("usage:"));
        assertEquals("", err());
    }

    @Test
    void emptyResultsDirectoryExitsOne() {
        assertEquals(1, run("--results", dir.toString()));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("error: no *.csv files"), err());
    }

    @Test
    void onlyMalformedRowsExitsOneAfterListingThem() throws Exception {
        SampleData.malformed(dir.resolve("broken.csv"));
        assertEquals(1, run("--results", dir.toString()));
        assertTrue(err().contains("broken.csv:2: not a number"), err());
        assertTrue(err().lines().reduce((a, b) -> b).orElseThrow().startsWith("error: no readable rows"), err());
    }

    @Test
    void aLoneNonMetricsCsvIsAnErrorNamingIt() throws Exception {
        Files.writeString(dir.resolve("notes.csv"), "a,b\n1,2\n");
        assertEquals(1, run("--results", dir.toString()));
        assertTrue(err().startsWith("error: ") && err().contains("notes.csv"), err());
    }

    @Test
    void goodInputWritesChartsAndTable() throws Exception {
        SampleData.newFormat(dir.resolve("metrics.csv"));
        SampleData.seedFormat(dir.resolve("metrics.1700000000.csv"));
        SampleData.malformed(dir.resolve("broken.csv"));
        Files.writeString(dir.resolve("notes.csv"), "a,b\n1,2\n");
        Path outDir = dir.resolve("plots");

        assertEquals(0, run("--results", dir.toString(), "--out=" + outDir));

        assertTrue(Files.isRegularFile(outDir.resolve("fib-python_bar.png")));
        assertTrue(Files.isRegularFile(outDir.resolve("fib-native_timeline.png")));
        assertTrue(Files.isRegularFile(outDir.resolve("invocations_per_node.png")));
        String table = Files.readString(outDir.resolve(PlotMain.TABLE_FILE));
        assertTrue(table.contains("fib-python  Round Robin - Cold"), table);
        assertFalse(table.contains(dir.toString()), "the table names files, not paths of this machine");
        assertTrue(out().contains("wrote 10 file(s)"), out());
        assertTrue(out().contains("fib-native  Round Robin - Cold"), out());
        assertTrue(err().contains("warning: " + dir.resolve("broken.csv") + ":3: negative"), err());
        assertTrue(err().contains("warning: skipped: ") && err().contains("notes.csv"), err());
    }

    @Test
    void manyMalformedRowsAreCapped() throws Exception {
        SampleData.newFormat(dir.resolve("metrics.csv"));
        StringBuilder b = new StringBuilder("Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)\n");
        for (int i = 0; i < 30; i++) {
            b.append("f,n,1,1,Warmed,x\n");
        }
        Files.writeString(dir.resolve("bad.csv"), b.toString());

        assertEquals(0, run("--results", dir.toString(), "--out", dir.resolve("o").toString()));

        assertEquals(PlotMain.MAX_PROBLEMS_SHOWN, err().lines().filter(l -> l.contains("bad.csv:")).count());
        assertTrue(err().contains("... and 10 more malformed row(s)"), err());
    }

    private static void assertPng(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " missing");
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 1000, file + " is suspiciously small");
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII), file + " is not a PNG");
    }

    @Test
    void dynamicRowsWithPoolCsvWriteTheContainerChartsAndTables() throws Exception {
        SampleData.dynamicMetrics(dir.resolve("metrics.csv"));
        SampleData.newFormat(dir.resolve("metrics.1700000000.csv"));
        SampleData.pool(dir.resolve("pool.csv"));
        try (PoolCsv.Writer older = new PoolCsv.Writer(dir.resolve("pool.1700000000.csv"))) {
            older.append(SampleData.sample(Instant.parse("2025-11-30T09:00:00Z"),
                    new CellKey("run-1", "c1", "hash-affinity", "lru"), "node-1", "fib-python", 1, 0, 256));
        }
        Path outDir = dir.resolve("plots");

        assertEquals(0, run("--results", dir.toString(), "--out", outDir.toString()));

        assertFalse(err().contains("pool."), "pool CSVs are not malformed metrics files: " + err());
        assertEquals("", err());
        for (String f : List.of(FileNames.START_TYPES, FileNames.COLD_VS_IDLE, FileNames.POOL_OVER_TIME)) {
            assertPng(outDir.resolve(f));
        }
        String table = Files.readString(outDir.resolve(PlotMain.TABLE_FILE));
        assertTrue(table.contains("# Pool: 16 sample(s) from pool.1700000000.csv, pool.csv."), table);
        String ttlRow = table.lines().filter(l -> l.startsWith("fib-python") && l.contains(SampleData.TTL_LABEL)
                && l.contains("%")).findFirst().orElseThrow();
        assertTrue(ttlRow.matches(".*\\s30\\.0%\\s+3\\.00"), ttlRow);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("run-1") && l.contains("(no invocations)")),
                "a cell sampled but never invoked is still listed: " + table);
        assertTrue(table.contains("fib-python  Round Robin - Cold"), "the latency table is still there");
        assertTrue(out().contains("read 16 pool sample(s) from 2 file(s)"), out());
    }

    @Test
    void staticSessionsWithoutPoolCsvWriteNoContainerCharts() throws Exception {
        SampleData.newFormat(dir.resolve("metrics.csv"));
        SampleData.seedFormat(dir.resolve("metrics.1700000000.csv"));
        Path outDir = dir.resolve("plots");

        assertEquals(0, run("--results", dir.toString(), "--out", outDir.toString()));

        assertEquals("", err());
        for (String f : List.of(FileNames.START_TYPES, FileNames.COLD_VS_IDLE, FileNames.POOL_OVER_TIME)) {
            assertFalse(Files.exists(outDir.resolve(f)), f);
        }
        String table = Files.readString(outDir.resolve(PlotMain.TABLE_FILE));
        assertTrue(table.contains("cold starts"), "the seed rows' implied start types are still tabulated");
        assertFalse(table.contains("# Dynamic cells"), table);
    }

    @Test
    void dynamicRowsWithoutPoolCsvWarnAndSkipThePoolCharts() throws Exception {
        SampleData.dynamicMetrics(dir.resolve("metrics.csv"));
        Path outDir = dir.resolve("plots");

        assertEquals(0, run("--results", dir.toString(), "--out", outDir.toString()));

        assertPng(outDir.resolve(FileNames.START_TYPES));
        assertFalse(Files.exists(outDir.resolve(FileNames.COLD_VS_IDLE)));
        assertFalse(Files.exists(outDir.resolve(FileNames.POOL_OVER_TIME)));
        assertTrue(err().startsWith("warning: dynamic-mode rows but no pool samples"), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void onlyAPoolCsvIsNothingToPlot() throws Exception {
        SampleData.pool(dir.resolve("pool.csv"));
        assertEquals(1, run("--results", dir.toString()));
        assertTrue(err().startsWith("error: no metrics *.csv files"), err());
    }

    @Test
    void usageNamesTheNewOutputs() {
        for (String f : List.of(FileNames.START_TYPES, FileNames.COLD_VS_IDLE, FileNames.POOL_OVER_TIME, "pool.csv")) {
            assertTrue(PlotMain.USAGE.contains(f), f);
        }
    }
}
