package faastestbed.plots;

import faastestbed.plots.data.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
