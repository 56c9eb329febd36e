package faastestbed.gateway.metrics;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsCsvWriter;
import faastestbed.common.metrics.MetricsFormatException;
import faastestbed.common.metrics.MetricsRecord;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends one row per invocation to metrics.csv (flushed at once) and keeps the rows of this file in memory for
 * the summary; rows already in the file when the gateway starts are kept and counted. After new rows the
 * summary table is rewritten to metrics_table.txt next to the CSV (atomically, at most once a second), so it is
 * current while a session runs; the plot generator then replaces it with its table that adds confidence intervals.
 */
@ApplicationScoped
public class MetricsRecorder {
    private static final Logger LOG = Logger.getLogger(MetricsRecorder.class);

    private final Path file;
    private final MetricsCsvWriter writer;
    private final List<MetricsRecord> rows = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean tableDirty = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ScheduledExecutorService tableWriter =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "metrics-table");
                t.setDaemon(true);
                return t;
            });

    /** Every row also counts at /q/metrics; null: nowhere else (plain-Java uses). */
    private final PrometheusMetrics meters;

    public MetricsRecorder(Path file) {
        this(file, null);
    }

    @Inject
    public MetricsRecorder(@ConfigProperty(name = "testbed.metrics.file") Path file, PrometheusMetrics meters) {
        this.meters = meters;
        this.file = file;
        try {
            this.writer = new MetricsCsvWriter(file);
            writer.setAside().ifPresent(p -> LOG.warnf("%s had another format; kept it as %s and started a new file", file, p));
            var existing = MetricsCsvReader.read(file);
            rows.addAll(existing.records());
            existing.problems().stream().limit(5).forEach(p -> LOG.warnf("unreadable row kept in file: %s", p));
            LOG.infof("metrics: appending to %s (%d earlier rows)", file.toAbsolutePath(), rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file, e);
        } catch (MetricsFormatException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public void record(MetricsRecord r) {
        writer.append(r);
        if (meters != null) {
            try {
                meters.record(r);
            } catch (RuntimeException e) {
                LOG.warnf("counting a row at /q/metrics failed: %s", e.toString());  // the row itself is written
            }
        }
        synchronized (rows) {
            rows.add(r);
        }
        // The table is derived data: rewrite it off the request path, at most once per second.
        if (tableDirty.compareAndSet(false, true)) {
            tableWriter.schedule(() -> {
                tableDirty.set(false);
                writeTable(summary());
            }, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public MetricsSummary summary() {
        synchronized (rows) {
            return MetricsSummary.of(List.copyOf(rows));
        }
    }

    /**
     * The last rows the caller may see, newest first: walks back from the end, so a filter that hides most rows
     * costs only the rows it looks at, not a copy of the whole history.
     */
    public List<MetricsRecord> recent(int limit, java.util.function.Predicate<MetricsRecord> visible) {
        List<MetricsRecord> out = new ArrayList<>(Math.min(limit, 256));
        synchronized (rows) {
            for (int i = rows.size() - 1; i >= 0 && out.size() < limit; i--) {
                if (visible.test(rows.get(i))) {
                    out.add(rows.get(i));
                }
            }
        }
        return out;
    }

    private synchronized void writeTable(MetricsSummary summary) {
        Path table = file.resolveSibling("metrics_table.txt");
        try {
            Path tmp = Files.createTempFile(table.getParent() == null ? Path.of(".") : table.getParent(), ".metrics_table", ".tmp");
            Files.writeString(tmp, summary.toTable(), StandardCharsets.UTF_8);
            Files.move(tmp, table, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("cannot write %s: %s", table, e.getMessage());
        }
    }

    void close(@Observes ShutdownEvent e) throws IOException {
        // No final rewrite: the plot generator's richer table (with confidence intervals) may be newer.
        tableWriter.shutdownNow();
        writer.close();
    }
}
