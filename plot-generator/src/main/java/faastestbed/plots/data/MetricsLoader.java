package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsCsvReader.Problem;
import faastestbed.common.metrics.MetricsFormatException;
import faastestbed.common.metrics.MetricsRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads every metrics CSV of a results directory with the shared {@link MetricsCsvReader}. */
public final class MetricsLoader {
    private MetricsLoader() {
    }

    /** pool.csv and its set-aside pool.&lt;millis&gt;.csv: the container pool, read by {@link PoolLoader}, not metrics. */
    public static boolean isPoolFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.startsWith("pool.") && name.endsWith(".csv");
    }

    /** Every regular {@code *.csv} directly in {@code dir}, sorted by name. */
    static List<Path> csvFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Reads every {@code *.csv} directly in {@code dir} (not subdirectories), sorted by name so the output
     * does not depend on directory order; set-aside files such as metrics.1700000000.csv sort before metrics.csv.
     * A file that cannot be read at all is reported in {@link LoadedMetrics#fileErrors()}, not thrown, so one
     * stray CSV does not hide the others; the caller decides whether that is fatal. Pool CSVs
     * ({@link #isPoolFile}) are left out: read as metrics they would only be reported as malformed.
     */
    public static LoadedMetrics load(Path dir) throws IOException {
        List<Path> csvs = csvFiles(dir).stream().filter(p -> !isPoolFile(p)).toList();
        List<Path> read = new ArrayList<>();
        List<MetricsRecord> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path csv : csvs) {
            try {
                MetricsCsvReader.Result r = MetricsCsvReader.read(csv);
                read.add(csv);
                records.addAll(r.records());
                problems.addAll(r.problems());
            } catch (MetricsFormatException e) {
                errors.add(e.getMessage());
            }
        }
        return new LoadedMetrics(csvs, read, records, problems, errors);
    }
}
