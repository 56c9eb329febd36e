package faastestbed.common.metrics;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Appends rows to metrics.csv and flushes each one at once, so a crash loses at most the row being written
 * and earlier rows (of this or earlier runs) are never rewritten. Safe for concurrent callers.
 */
public final class MetricsCsvWriter implements Closeable {
    private final Path file;
    private final CSVPrinter printer;
    private Path setAside;

    public MetricsCsvWriter(Path file) throws IOException {
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh && !hasCurrentHeader(file)) {
            // An older format (e.g. seed 003's six columns): keep it whole under another name, start a new file.
            Path aside = file.resolveSibling(stem(file) + "." + System.currentTimeMillis() + ".csv");
            Files.move(file, aside);
            this.setAside = aside;
            fresh = true;
        }
        if (!fresh) {
            ensureEndsWithNewline(file);
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        CSVFormat.Builder format = CSVFormat.RFC4180.builder().setRecordSeparator('\n');
        if (fresh) {
            format.setHeader(MetricsColumn.headings());
        }
        this.printer = new CSVPrinter(out, format.get());
        printer.flush();
    }

    public Path file() {
        return file;
    }

    /** Where an existing file with another header was moved, if one was. */
    public java.util.Optional<Path> setAside() {
        return java.util.Optional.ofNullable(setAside);
    }

    public synchronized void append(MetricsRecord r) {
        try {
            printer.printRecord(cells(r));
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
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
        return c;
    }

    private static String number(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static boolean hasCurrentHeader(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && first.replace("\uFEFF", "").trim().equals(String.join(",", MetricsColumn.headings()));
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    /** A file cut short mid-row must not glue our first row onto its last one. */
    private static void ensureEndsWithNewline(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() == 0) {
                return;
            }
            var last = java.nio.ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            if (last.get(0) != '\n') {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), ch.size());
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        printer.close();
    }
}
