package faastestbed.sim.calibration;

import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.Source;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import faastestbed.sim.model.Phases;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HEADER = "Function,Start Type,Overhead (ms),Pull (ms),Init (ms),Run (ms)\n";

    // ---- fromRecords ----

    @Test
    void phasesAreWhatTheRowTellsAndTheOverheadIsTheRest() {
        Calibration c = Calibration.fromRecords(List.of(
                row("f", "node1", StartType.COLD, 0, 1000, 300, 200, 400, 30, 20),
                row("g", "node1", StartType.WARM, 10, 100, -1, -1, 80, -1, -1)));
        Phases cold = only(c, "f", StartType.COLD);
        assertEquals(300, cold.pullMs(), 1e-9);
        assertEquals(200, cold.initMs(), 1e-9);
        assertEquals(400, cold.runMs(), 1e-9);
        assertEquals(1000 - 300 - 200 - 400 - 30 - 20, cold.overheadMs(), 1e-9);
        Phases warm = only(c, "g", StartType.WARM);
        assertEquals(new Phases(20, 0, 0, 80).toString(), round(warm).toString(), "phases that did not happen count 0");
    }

    @Test
    void anOverheadThatWouldBeNegativeIsZero() {
        // Rounding in the real rows can make the named phases add up to a little more than the whole.
        Phases p = only(Calibration.fromRecords(List.of(row("f", "node1", StartType.WARM, 0, 99, -1, -1, 100, 0, 0))),
                "f", StartType.WARM);
        assertEquals(0, p.overheadMs());
        assertEquals(100, p.runMs());
    }

    @Test
    void onlySuccessfulRealRowsWithANodeATimeAndAStartTypeCount() {
        List<MetricsRecord> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(row("kept", "node1", StartType.WARM, i * 10_000, 100, -1, -1, 90, 0, 0));
        }
        // Each overlaps the kept rows on their node: counted, they would also spoil those rows' "alone".
        for (int i = 0; i < 5; i++) {
            long at = i * 10_000;
            rows.add(with(row("failed", "node1", StartType.WARM, at, 100, -1, -1, 90, 0, 0), InvocationStatus.FAILED, Source.REAL));
            rows.add(with(row("rejected", "node1", StartType.WARM, at, 100, -1, -1, 90, 0, 0), InvocationStatus.REJECTED, Source.REAL));
            rows.add(with(row("simulated", "node1", StartType.WARM, at, 100, -1, -1, 90, 0, 0), InvocationStatus.OK, Source.SIMULATED));
            rows.add(row("no-type", "node1", null, at, 100, -1, -1, 90, 0, 0));
            rows.add(row("no-node", "", StartType.WARM, at, 100, -1, -1, 90, 0, 0));
            rows.add(withTimestamp(row("no-time", "node1", StartType.WARM, at, 100, -1, -1, 90, 0, 0), null));
        }
        Calibration c = Calibration.fromRecords(rows);
        assertEquals(List.of("kept"), List.copyOf(c.samples().keySet()));
        assertEquals(5, c.rows("kept", StartType.WARM).orElseThrow().size());
        assertEquals(List.of(), c.notes(), "the excluded rows did not make the kept ones look shared");
        assertTrue(c.contentions().isEmpty());
    }

    @Test
    void rowsThatSharedTheirNodeAreLeftOutOnceFiveRanAlone() {
        Calibration c = Calibration.fromRecords(aloneAndShared(6, 3));
        List<Phases> warm = c.rows("f", StartType.WARM).orElseThrow();
        assertEquals(6, warm.size());
        assertTrue(warm.stream().allMatch(p -> Math.abs(p.runMs() - 100) < 1e-9), warm.toString());
        assertEquals(List.of(), c.notes());
    }

    @Test
    void rowsOnOtherNodesDoNotCountAsSharing() {
        List<MetricsRecord> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(row("f", "node" + (i + 1), StartType.WARM, 0, 110, -1, -1, 100, 0, 0));
        }
        Calibration c = Calibration.fromRecords(rows);
        assertEquals(6, c.rows("f", StartType.WARM).orElseThrow().size());
        assertEquals(List.of(), c.notes());
        assertTrue(c.contentions().isEmpty(), "no row shared its node");
    }

    @Test
    void rowsThatOnlyTouchEndToStartDidNotShare() {
        List<MetricsRecord> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(row("f", "node1", StartType.WARM, i * 110L, 110, -1, -1, 100, 0, 0));
        }
        Calibration c = Calibration.fromRecords(rows);
        assertEquals(List.of(), c.notes());
        assertEquals(6, c.rows("f", StartType.WARM).orElseThrow().size());
    }

    @Test
    void withFewerThanFiveAloneEveryRowIsKeptAndTheNoteSaysSo() {
        Calibration c = Calibration.fromRecords(aloneAndShared(4, 3));
        assertEquals(10, c.rows("f", StartType.WARM).orElseThrow().size());
        assertEquals(1, c.notes().size());
        assertTrue(c.notes().get(0).contains("only 4 of 10 rows ran alone"), c.notes().get(0));
        assertTrue(c.describe().contains("note: f warm: only 4 of 10"), c.describe());
    }

    @Test
    void twoCallsSharingANodeAtFourTimesTheirAloneTimeGiveHalfEfficiency() {
        Calibration c = Calibration.fromRecords(aloneAndShared(6, 3));
        Calibration.Contention own = c.contentions().get("f");
        assertEquals(0.5, own.efficiency(), 1e-4);
        assertEquals(6, own.rows());
        assertEquals(0.5, c.contentions().get(Calibration.ALL).efficiency(), 1e-4);
        assertEquals(0.5, c.contention("f"), 1e-4);
        assertEquals(0.5, c.contention("unknown"), 1e-4, "a function without its own takes the one over all");
        assertTrue(c.describe().contains("sharing f: k > 1 calls on a node each run at 0.50/k"), c.describe());
    }

    @Test
    void sharingAtTwiceTheAloneTimeIsPlainProcessorSharing() {
        List<MetricsRecord> rows = aloneAndShared(6, 0);
        for (int pair = 0; pair < 3; pair++) {
            for (int k = 0; k < 2; k++) {
                rows.add(row("f", "node1", StartType.WARM, 1_000_000 + pair * 10_000L, 210, -1, -1, 200, 0, 0));
            }
        }
        assertEquals(1.0, Calibration.fromRecords(rows).contention("f"), 1e-4);
    }

    @Test
    void fewerThanThreeSharedRowsFitNoEfficiency() {
        // One pair: two rows that shared, below the three needed.
        Calibration c = Calibration.fromRecords(aloneAndShared(6, 1));
        assertTrue(c.contentions().isEmpty(), c.contentions().toString());
        assertEquals(1.0, c.contention("f"), "processor sharing when nothing was fitted");
    }

    @Test
    void aFunctionWithFewSharedRowsFallsBackToTheFitOverAll() {
        List<MetricsRecord> rows = aloneAndShared(6, 3);
        for (int i = 0; i < 6; i++) {
            rows.add(row("g", "node2", StartType.WARM, i * 10_000L, 55, -1, -1, 50, 0, 0));
        }
        // g shared its node once (a pair): not enough for its own, but both rows count towards the fit over all.
        rows.add(row("g", "node2", StartType.WARM, 2_000_000, 205, -1, -1, 200, 0, 0));
        rows.add(row("g", "node2", StartType.WARM, 2_000_000, 205, -1, -1, 200, 0, 0));
        Calibration c = Calibration.fromRecords(rows);
        assertFalse(c.contentions().containsKey("g"));
        assertEquals(8, c.contentions().get(Calibration.ALL).rows());
        assertEquals(c.contentions().get(Calibration.ALL).efficiency(), c.contention("g"));
    }

    @Test
    void emptyCalibrationKnowsNothing() {
        Calibration c = Calibration.empty();
        assertFalse(c.knows("f"));
        assertTrue(c.rows("f", StartType.COLD).isEmpty());
        assertEquals(1.0, c.contention("f"));
        assertTrue(Calibration.fromRecords(List.of()).samples().isEmpty());
    }

    // ---- rows() and draw() ----

    @Test
    void fallbacksStandInForStartTypesNeverSeen() throws IOException {
        Calibration c = Calibration.read(new StringReader(HEADER
                + "f,cold,5,300,200,50\n"
                + "f,warm,4,0,0,40\n"
                + "g,image-cached,3,0,150,30\n"
                + "g,prewarmed,2,0,0,20\n"), "test");
        assertEquals(List.of(new Phases(4, 0, 0, 40)), c.rows("f", StartType.PREWARMED).orElseThrow());
        assertEquals(List.of(new Phases(5, 0, 200, 50)), c.rows("f", StartType.IMAGE_CACHED).orElseThrow(),
                "image-cached is cold without its pull");
        assertEquals(List.of(new Phases(2, 0, 0, 20)), c.rows("g", StartType.WARM).orElseThrow());
        assertEquals(List.of(new Phases(3, 0, 150, 30)), c.rows("g", StartType.COLD).orElseThrow(),
                "cold is image-cached, with no pull");
        assertEquals(List.of(new Phases(5, 300, 200, 50)), c.rows("f", StartType.COLD).orElseThrow(),
                "a start type seen is taken as it is");
        assertTrue(c.rows("h", StartType.WARM).isEmpty());
    }

    @Test
    void warmFromAStartsOnlyCalibrationIsTheStartedCallsOverheadAndRun() throws IOException {
        Calibration c = Calibration.read(new StringReader(HEADER + "f,cold,5,300,200,50\n"), "test");
        assertEquals(List.of(new Phases(5, 0, 0, 50)), c.rows("f", StartType.WARM).orElseThrow());
        assertEquals(new Phases(5, 0, 0, 50), c.draw("f", StartType.PREWARMED, RandomSource.L64_X128_MIX.create(1)));
    }

    @Test
    void drawTakesWholeRowsUniformly() throws IOException {
        Calibration c = Calibration.read(new StringReader(HEADER
                + "f,warm,1,0,0,10\nf,warm,2,0,0,20\nf,warm,3,0,0,30\n"), "test");
        var rng = RandomSource.L64_X128_MIX.create(1);
        int[] seen = new int[3];
        for (int i = 0; i < 30_000; i++) {
            Phases p = c.draw("f", StartType.WARM, rng);
            assertEquals(p.overheadMs() * 10, p.runMs(), "one real row's phases together");
            seen[(int) p.overheadMs() - 1]++;
        }
        for (int n : seen) {
            assertEquals(10_000, n, 400);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.draw("nope", StartType.WARM, rng));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    // ---- write / read ----

    @Test
    void writeThenReadGivesTheSameCalibration(@TempDir Path dir) throws IOException {
        List<MetricsRecord> rows = aloneAndShared(6, 3);
        rows.add(row("f", "node2", StartType.COLD, 0, 1234.5, 300, 200, 400, 30, 20));
        rows.add(row("g", "node3", StartType.IMAGE_CACHED, 0, 555, -1, 250, 300, -1, 0));
        Calibration c = Calibration.fromRecords(rows);
        Path file = dir.resolve("sub").resolve(Calibration.FILE_NAME);
        c.write(file);

        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("# Phases of real invocations"), lines.get(0));
        assertTrue(lines.contains("# contention f 0.500 6"), lines.toString());
        assertTrue(lines.contains("# contention * 0.500 6"), lines.toString());
        assertTrue(lines.contains(HEADER.strip()), "the heading row follows the comments: " + lines);

        Calibration back = Calibration.read(file);
        assertEquals(c.samples().keySet(), back.samples().keySet());
        for (var f : c.samples().entrySet()) {
            assertEquals(f.getValue().keySet(), back.samples().get(f.getKey()).keySet());
            for (var t : f.getValue().entrySet()) {
                List<Phases> theirs = back.samples().get(f.getKey()).get(t.getKey());
                assertEquals(t.getValue().size(), theirs.size());
                for (int i = 0; i < theirs.size(); i++) {
                    assertEquals(round(t.getValue().get(i)), theirs.get(i), "written to 0.1 ms");
                }
            }
        }
        assertEquals(Map.of("f", new Calibration.Contention(0.5, 6), Calibration.ALL, new Calibration.Contention(0.5, 6)),
                back.contentions());
        assertEquals(new Phases(1234.5 - 950, 300, 200, 400), back.rows("f", StartType.COLD).orElseThrow().get(0));
    }

    @Test
    void aCalibrationWithoutContentionRoundTrips(@TempDir Path dir) throws IOException {
        Calibration c = Calibration.fromRecords(List.of(row("f", "node1", StartType.WARM, 0, 110, -1, -1, 100, 0, 0)));
        Path file = dir.resolve(Calibration.FILE_NAME);
        c.write(file);
        Calibration back = Calibration.read(file);
        assertTrue(back.contentions().isEmpty());
        assertEquals(1, back.rows("f", StartType.WARM).orElseThrow().size());
    }

    @Test
    void theBuiltInCalibrationReads() throws IOException {
        try (var in = Calibration.class.getResourceAsStream("/faastestbed/sim/default-calibration.csv")) {
            Calibration c = Calibration.read(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8), "built-in");
            assertTrue(c.knows("fib-python") && c.knows("fib-native"), c.toString());
            for (String f : List.of("fib-python", "fib-native")) {
                for (StartType t : StartType.values()) {
                    assertTrue(c.rows(f, t).isPresent(), f + " " + t);
                }
                assertTrue(c.contention(f) > 0 && c.contention(f) <= 1);
            }
        }
    }

    @Test
    void aBadValueNamesItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.csv");
        Files.writeString(file, "# a comment\n# contention f 0.5 3\n" + HEADER + "f,warm,1,0,0,10\nf,warm,1,0,0,abc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.read(file));
        assertTrue(e.getMessage().startsWith(file + " line 5: "), e.getMessage());
    }

    @Test
    void aBadLastLineWithoutANewlineIsNamedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.read(
                new StringReader(HEADER + "f,warm,1,0,0,10\nf,warm,1,0,0,abc"), "c.csv"));
        assertTrue(e.getMessage().startsWith("c.csv line 3: "), e.getMessage());
    }

    @Test
    void anUnknownStartTypeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.read(
                new StringReader(HEADER + "f,hot,1,0,0,10\n"), "c.csv"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("unknown start type 'hot'"), e.getMessage());
    }

    @Test
    void aNegativePhaseIsRefusedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.read(
                new StringReader(HEADER + "f,warm,1,0,0,10\n\nf,warm,-1,0,0,10\n"), "c.csv"));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("cannot be negative"), e.getMessage());
    }

    @Test
    void aMissingColumnIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.read(
                new StringReader("Function,Start Type,Overhead (ms),Pull (ms),Init (ms)\nf,warm,1,0,0\n"), "c.csv"));
        assertTrue(e.getMessage().contains("c.csv is not a calibration file: missing column 'Run (ms)'"), e.getMessage());
    }

    @Test
    void aBadContentionLineIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.read(
                new StringReader("# contention f fast 3\n" + HEADER + "f,warm,1,0,0,10\n"), "c.csv"));
        assertTrue(e.getMessage().contains("bad contention line 'contention f fast 3'"), e.getMessage());
    }

    @Test
    void otherCommentsAreIgnored() throws IOException {
        Calibration c = Calibration.read(new StringReader("# written by hand\n# contention of f is unknown\n" + HEADER
                + "f,warm,1,0,0,10\n"), "c.csv");
        assertTrue(c.contentions().isEmpty());
        assertTrue(c.knows("f"));
    }

    // ---- helpers ----

    /**
     * {@code alone} rows of f (warm, 100 ms run, 10 ms overhead) each with node1 to itself, then {@code pairs} pairs
     * of rows that ran together on node1 from start to end, each run taking 400 ms: four times its time alone.
     */
    private static List<MetricsRecord> aloneAndShared(int alone, int pairs) {
        List<MetricsRecord> rows = new ArrayList<>();
        for (int i = 0; i < alone; i++) {
            rows.add(row("f", "node1", StartType.WARM, i * 10_000L, 110, -1, -1, 100, 0, 0));
        }
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                rows.add(row("f", "node1", StartType.WARM, 500_000 + p * 10_000L, 410, -1, -1, 400, 0, 0));
            }
        }
        return rows;
    }

    private static MetricsRecord row(String function, String node, StartType type, long atMs, double executionMs,
                                     long pullMs, long initMs, long runMs, long queueMs, long waitMs) {
        return new MetricsRecord(function, node, 10, 20, "Round Robin - Dynamic (handler)", executionMs / 1000.0,
                T0.plusMillis(atMs), function + "-" + atMs, "run-1", "round-robin/dynamic/handler", "round-robin",
                ExecutionMode.DYNAMIC, InvocationStatus.OK, 0, StateCheck.VERIFIED,
                new Timings(1, 2, pullMs, runMs, initMs, queueMs), InvocationPath.HANDLER, runMs, 0, 10,
                new ContainerUse(type, "fixed-ttl", waitMs, "c1", 128), Source.REAL);
    }

    private static MetricsRecord with(MetricsRecord r, InvocationStatus status, Source source) {
        return new MetricsRecord(r.function(), r.node(), r.cpuPercent(), r.ramPercent(), r.executionMode(),
                r.executionTimeS(), r.timestamp(), r.invocationId(), r.runId(), r.cell(), r.policy(), r.mode(), status,
                r.exitCode(), r.stateCheck(), r.timings(), r.path(), r.functionMs(), r.payloadBytes(), r.outputBytes(),
                r.container(), source);
    }

    private static MetricsRecord withTimestamp(MetricsRecord r, Instant at) {
        return new MetricsRecord(r.function(), r.node(), r.cpuPercent(), r.ramPercent(), r.executionMode(),
                r.executionTimeS(), at, r.invocationId(), r.runId(), r.cell(), r.policy(), r.mode(), r.status(),
                r.exitCode(), r.stateCheck(), r.timings(), r.path(), r.functionMs(), r.payloadBytes(), r.outputBytes(),
                r.container(), r.source());
    }

    private static Phases only(Calibration c, String function, StartType type) {
        List<Phases> rows = c.rows(function, type).orElseThrow();
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    /** As written to the file: to 0.1 ms. */
    private static Phases round(Phases p) {
        return new Phases(r(p.overheadMs()), r(p.pullMs()), r(p.initMs()), r(p.runMs()));
    }

    private static double r(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
