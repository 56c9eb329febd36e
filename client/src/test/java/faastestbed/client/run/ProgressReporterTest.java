package faastestbed.client.run;

import faastestbed.common.model.InvocationStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterTest {
    @Test
    void rendersTheDocumentedLine() {
        assertEquals("[#######.............] 42/120  ok 41  failed 1  2.3/s  ETA 0:35",
                ProgressReporter.render(42, 120, 41, 1, 18.26, 34.6));
        assertEquals("[....................] 0/10  ok 0  failed 0  0.0/s  ETA -:--",
                ProgressReporter.render(0, 10, 0, 0, 0, Double.NaN));
        assertEquals("1:01:01", ProgressReporter.clock(3661));
    }

    @Test
    void withoutATerminalPrintsAPlainLineEveryTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ProgressReporter p = new ProgressReporter(40, 0, ProgressReporter.Style.LINES,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);
        for (int i = 0; i < 40; i++) {
            clock.addAndGet(250_000_000L);
            p.completed(SummaryTest.outcome("f", "L", i == 3 ? InvocationStatus.FAILED : InvocationStatus.OK, 1));
        }
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(10, out.lines().count(), out);
        assertFalse(out.contains("\r"));
        assertTrue(out.lines().reduce((a, b) -> b).orElseThrow().startsWith("[####################] 40/40  ok 39  failed 1  4.0/s"), out);
    }

    @Test
    void onATerminalRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter p = new ProgressReporter(3, 0, ProgressReporter.Style.IN_PLACE,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), System::nanoTime);
        for (int i = 0; i < 3; i++) {
            p.completed(SummaryTest.outcome("f", "L", InvocationStatus.OK, 1));
        }
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r[") && out.endsWith("\n") && out.contains("3/3"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line, redrawn");
    }
}
