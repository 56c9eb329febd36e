package faastestbed.common.metrics;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** results/pool.csv: the container pool over time, one row per node × function per sample. */
public final class PoolCsv {
    public static final String FILE_NAME = "pool.csv";

    static final String[] HEADINGS = {"Timestamp", "Interval (s)", "Run Id", "Cell", "Policy", "Keep-Alive", "Node",
            "Function", "Idle", "Busy", "Memory (MB)", "Idle Memory (MB)", "Capacity (MB)"};

    private PoolCsv() {
    }

    /** Appends samples, flushing each; an older header is set aside as for metrics.csv. */
    public static final class Writer implements Closeable {
        private final AppendOnlyCsv csv;

        public Writer(Path file) throws IOException {
            this(file, true);
        }

        /** @param flushEachRow false: flush in large blocks and at close (the simulator) */
        public Writer(Path file, boolean flushEachRow) throws IOException {
            this.csv = new AppendOnlyCsv(file, HEADINGS, flushEachRow);
        }

        public Path file() {
            return csv.file();
        }

        public void append(PoolSample s) {
            csv.append(List.of(s.timestamp().toString(), String.format(Locale.ROOT, "%.3f", s.intervalS()), s.runId(),
                    s.cell(), s.policy(), s.keepAlive(), s.node(), s.function(), Integer.toString(s.idle()),
                    Integer.toString(s.busy()), Long.toString(s.memoryMb()), Long.toString(s.idleMemoryMb()),
                    Long.toString(s.capacityMb())));
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    /** Every sample of the file; rows that cannot be read are reported with their line numbers. */
    public static MetricsCsvReader.Result read(Path file, List<PoolSample> into) throws MetricsFormatException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, in, into);
        } catch (IOException e) {
            throw new MetricsFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static MetricsCsvReader.Result read(Path source, Reader in, List<PoolSample> into) throws MetricsFormatException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        List<MetricsCsvReader.Problem> problems = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            Map<String, Integer> index = new HashMap<>();
            List<String> names = parser.getHeaderNames();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i).replace("\uFEFF", "").trim(), i);
            }
            for (String h : HEADINGS) {
                if (!index.containsKey(h)) {
                    throw new MetricsFormatException(source + " is not a pool CSV: missing column '" + h + "'");
                }
            }
            for (CSVRecord row : parser) {
                try {
                    into.add(new PoolSample(Instant.parse(get(row, index, "Timestamp")),
                            Double.parseDouble(get(row, index, "Interval (s)")), get(row, index, "Run Id"),
                            get(row, index, "Cell"), get(row, index, "Policy"), get(row, index, "Keep-Alive"),
                            get(row, index, "Node"), get(row, index, "Function"),
                            Integer.parseInt(get(row, index, "Idle")), Integer.parseInt(get(row, index, "Busy")),
                            Long.parseLong(get(row, index, "Memory (MB)")),
                            Long.parseLong(get(row, index, "Idle Memory (MB)")),
                            Long.parseLong(get(row, index, "Capacity (MB)"))));
                } catch (RuntimeException e) {
                    problems.add(new MetricsCsvReader.Problem(source, row.getParser().getCurrentLineNumber(),
                            e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MetricsFormatException(source + " is not a readable CSV: " + e.getMessage(), e);
        }
        return new MetricsCsvReader.Result(List.of(), problems);
    }

    private static String get(CSVRecord row, Map<String, Integer> index, String heading) {
        int i = index.get(heading);
        if (i >= row.size()) {
            throw new IllegalArgumentException("missing " + heading);
        }
        return row.get(i).trim();
    }
}
