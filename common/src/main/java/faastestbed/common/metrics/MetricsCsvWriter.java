package faastestbed.common.metrics;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Appends rows to metrics.csv and flushes each one at once, so a crash loses at most the row being written
 * and earlier rows (of this or earlier runs) are never rewritten. Safe for concurrent callers.
 */
public final class MetricsCsvWriter implements Closeable {
    private final AppendOnlyCsv csv;

    public MetricsCsvWriter(Path file) throws IOException {
        this(file, true);
    }

    private MetricsCsvWriter(Path file, boolean flushEachRow) throws IOException {
        this.csv = new AppendOnlyCsv(file, MetricsColumn.headings(), flushEachRow);
    }

    /** A writer flushing in large blocks and at close, for millions of rows (the simulator). */
    public static MetricsCsvWriter buffered(Path file) throws IOException {
        return new MetricsCsvWriter(file, false);
    }

    public Path file() {
        return csv.file();
    }

    /** Where an existing file with another header was moved, if one was. */
    public java.util.Optional<Path> setAside() {
        return csv.setAside();
    }

    public void append(MetricsRecord r) {
        csv.append(cells(r));
    }

    /** The row as the strings written to the file, in {@link MetricsColumn} order. */
    public static List<String> cells(MetricsRecord r) {
        List<String> c = new ArrayList<>(MetricsColumn.values().length);
        c.add(r.function());
        c.add(r.node());
        c.add(number(r.cpuPercent(), 2));
        c.add(number(r.ramPercent(), 2));
        c.add(r.executionMode());
        c.add(number(r.executionTimeS(), 4));
        c.add(r.timestamp() == null ? "" : r.timestamp().toString());
        c.add(r.invocationId());
        c.add(r.runId());
        c.add(r.cell());
        c.add(r.policy());
        c.add(r.mode() == null ? "" : r.mode().id());
        c.add(r.status().id());
        c.add(r.exitCode() == null ? "" : r.exitCode().toString());
        c.add(r.stateCheck().id());
        c.add(Long.toString(r.timings().schedulingMs()));
        c.add(Long.toString(r.timings().sshMs()));
        c.add(Long.toString(r.timings().pullMs()));
        c.add(Long.toString(r.timings().runMs()));
        c.add(r.path().id());
        c.add(Long.toString(r.timings().initMs()));
        c.add(number(r.functionMs(), 3));
        c.add(Long.toString(r.payloadBytes()));
        c.add(Long.toString(r.outputBytes()));
        c.add(Long.toString(r.timings().queueMs()));
        ContainerUse u = r.container();
        c.add(u.startType() == null ? "" : u.startType().id());
        c.add(u.keepAlive());
        c.add(Long.toString(u.waitMs()));
        c.add(u.container());
        c.add(Integer.toString(u.memoryMb()));
        c.add(r.source().id());
        c.add(r.failure().id());
        c.add(Integer.toString(r.attempts()));
        return c;
    }

    private static String number(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
