package faastestbed.client.run;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {
    static InvocationOutcome outcome(String function, String label, InvocationStatus status, double seconds) {
        return new InvocationOutcome(function, status, status == InvocationStatus.OK ? 200 : 503, label, "node1",
                seconds, seconds + 0.01, status == InvocationStatus.OK ? "" : "x", 0);
    }

    @Test
    void groupsByFunctionAndLabelInCellThenFunctionOrder() {
        List<InvocationOutcome> outcomes = List.of(
                outcome("b", "Round Robin - Cold", InvocationStatus.OK, 2),
                outcome("a", "Round Robin - Cold", InvocationStatus.OK, 1),
                outcome("a", "Round Robin - Cold", InvocationStatus.OK, 3),
                outcome("a", "Round Robin - Cold", InvocationStatus.FAILED, 100),
                outcome("a", "Round Robin - Warmed", InvocationStatus.REJECTED, Double.NaN));
        List<Summary.Row> rows = Summary.rows(outcomes, List.of("a", "b"));
        assertEquals(List.of("a", "b", "a"), rows.stream().map(Summary.Row::function).toList());
        Summary.Row cold = rows.get(0);
        assertEquals(3, cold.count());
        assertEquals(2, cold.ok());
        assertEquals(1, cold.failed());
        assertEquals(0, cold.rejected());
        assertEquals(2.0, cold.okTimes().mean(), 1e-12, "failures do not enter the times");
        Summary.Row warmed = rows.get(2);
        assertEquals(1, warmed.rejected());
        assertEquals(0, warmed.failed());

        String table = Summary.table(rows);
        assertTrue(table.startsWith("function  execution mode        count  ok  failed  rejected  mean s  p50 s  p95 s\n"), table);
        assertTrue(table.contains("a         Round Robin - Cold        3   2       1         0   2.000  2.000  2.900"), table);
        assertTrue(table.contains("a         Round Robin - Warmed      1   0       0         1       -      -      -"), table);
    }

    @Test
    void fallbackLabelLooksLikeTheGateways() {
        assertEquals("Round Robin - Cold", ExecutionLabel.of("round-robin", ExecutionMode.COLD));
        assertEquals("Warmed First - Pre-warmed", ExecutionLabel.of("warmed-first", ExecutionMode.PRE_WARMED));
    }

    @Test
    void aSizeSweepGetsAPayloadColumnWithARowPerSize() {
        List<InvocationOutcome> outcomes = List.of(
                outcome("a", "Round Robin - Warmed (handler)", InvocationStatus.OK, 1).withPayload("0"),
                outcome("b", "Round Robin - Warmed (handler)", InvocationStatus.OK, 5).withPayload("0"),
                outcome("a", "Round Robin - Warmed (handler)", InvocationStatus.OK, 2).withPayload("1M"),
                outcome("b", "Round Robin - Warmed (handler)", InvocationStatus.OK, 6).withPayload("1M"),
                outcome("a", "Round Robin - Warmed", InvocationStatus.OK, 3).withPayload("0"));
        List<Summary.Row> rows = Summary.rows(outcomes, List.of("a", "b"));
        assertEquals(List.of("a 0", "a 1M", "b 0", "b 1M", "a 0"), rows.stream().map(r -> r.function() + " " + r.payload()).toList());
        String table = Summary.table(rows);
        assertTrue(table.startsWith("function  execution mode                  payload  count  ok  failed  rejected  mean s  p50 s  p95 s\n"), table);
        assertTrue(table.contains("a         Round Robin - Warmed (handler)        0      1   1       0         0   1.000  1.000  1.000\n"), table);
        assertTrue(table.contains("a         Round Robin - Warmed (handler)       1M      1   1       0         0   2.000  2.000  2.000\n"), table);
        assertTrue(!Summary.table(Summary.rows(List.of(outcome("a", "L", InvocationStatus.OK, 1)), List.of("a"))).contains("payload"),
                "no sweep, no payload column");
    }
}
