package faastestbed.common.metrics;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerColumnsTest {

    @Test
    void dynamicRowsKeepStartTypeKeepAliveWaitContainerAndMemory(@TempDir Path dir) throws Exception {
        String label = InvocationPath.label("Hash Affinity", ExecutionMode.DYNAMIC, "fixed-ttl", InvocationPath.HANDLER);
        assertEquals("Hash Affinity - Dynamic [fixed-ttl] (handler)", label);
        MetricsRecord row = new MetricsRecord("echo", "node3", 5, 30, label, 0.9,
                Instant.parse("2026-11-25T10:00:00Z"), "id-3", "run-1", "c1", "hash-affinity", ExecutionMode.DYNAMIC,
                InvocationStatus.OK, 0, StateCheck.VERIFIED, new Timings(0, 1, 2100, 3, 640, 0),
                InvocationPath.HANDLER, 0.02, 10, 10,
                new ContainerUse(StartType.COLD, "fixed-ttl", 120, "3f2a9c1b7d0e", 128));
        Path csv = dir.resolve("metrics.csv");
        try (var w = new MetricsCsvWriter(csv)) {
            w.append(row);
        }
        assertEquals(List.of(row), MetricsCsvReader.read(csv).records());
        assertEquals(ExecutionMode.DYNAMIC, ExecutionMode.fromLabel(label).orElseThrow());
        assertEquals("fixed-ttl", InvocationPath.keepAliveFromLabel(label));
        assertEquals(InvocationPath.HANDLER, InvocationPath.fromLabel(label));
        assertEquals("", InvocationPath.keepAliveFromLabel("Round Robin - Warmed (handler)"));
    }

    @Test
    void rowsOfStaticModesFromBeforeTheColumnsStartAsTheirModeSays() throws Exception {
        String old = """
                Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)
                echo,node1,1,2,Round Robin - Cold,3.1
                echo,node1,1,2,Round Robin - Pre-warmed,0.9
                echo,node1,1,2,Round Robin - Warmed (handler),0.004
                """;
        var rows = MetricsCsvReader.read(Path.of("old.csv"), new StringReader(old)).records();
        assertEquals(List.of(StartType.COLD, StartType.IMAGE_CACHED, StartType.WARM),
                rows.stream().map(r -> r.container().startType()).toList());
        assertEquals(-1, rows.get(0).container().waitMs());
    }

    @Test
    void anUnknownStartTypeIsAProblemWithItsLine() throws Exception {
        String csv = String.join(",", MetricsColumn.headings()) + "\n"
                + "echo,node1,1,2,X - Dynamic,0.1,,,,,,dynamic,ok,0,verified,0,0,-1,1,handler,-1,,0,0,0,lukewarm,lru,0,c,128\n";
        var result = MetricsCsvReader.read(Path.of("m.csv"), new StringReader(csv));
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).reason().contains("Start Type"), result.problems().toString());
        assertEquals(2, result.problems().get(0).line());
    }

    @Test
    void poolSamplesRoundTripAndIntegrateIdleMemory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(PoolCsv.FILE_NAME);
        PoolSample a = new PoolSample(Instant.parse("2026-11-25T10:00:00Z"), 1.0, "run-1", "c1", "round-robin", "lru",
                "node1", "echo", 2, 1, 384, 256, 384);
        PoolSample b = new PoolSample(Instant.parse("2026-11-25T10:00:01Z"), 0.5, "run-1", "c1", "round-robin", "lru",
                "node1", "echo", 1, 0, 128, 128, 384);
        try (var w = new PoolCsv.Writer(file)) {
            w.append(a);
            w.append(b);
        }
        List<PoolSample> back = new ArrayList<>();
        var result = PoolCsv.read(file, back);
        assertTrue(result.problems().isEmpty(), result.problems().toString());
        assertEquals(List.of(a, b), back);
        assertEquals(320.0, back.stream().mapToDouble(PoolSample::idleMemoryMbSeconds).sum(), 1e-9);
    }

    @Test
    void aPoolFileWithoutItsColumnsIsRefused() {
        assertThrows(MetricsFormatException.class, () ->
                PoolCsv.read(Path.of("x.csv"), new StringReader("Timestamp,Node\n2026-11-25T10:00:00Z,n1\n"), new ArrayList<>()));
    }

    @Test
    void startTypesParseTheirIds() {
        for (StartType t : StartType.values()) {
            assertEquals(t, StartType.parse(t.id()).orElseThrow());
        }
        assertEquals(StartType.IMAGE_CACHED, StartType.parse("IMAGE_CACHED").orElseThrow());
        assertTrue(StartType.parse("lukewarm").isEmpty());
        assertNull(StartType.parse("").orElse(null));
    }
}
