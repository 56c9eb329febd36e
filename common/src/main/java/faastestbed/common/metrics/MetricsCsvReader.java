package faastestbed.common.metrics;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.Failure;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.Source;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads metrics CSVs of this project and of seed 003 (its six columns only). Columns are found by heading,
 * so their order does not matter and unknown extra columns are ignored. Rows that cannot be parsed are
 * reported with their line numbers instead of being dropped silently or failing the whole file.
 */
public final class MetricsCsvReader {

    /** A row that could not be read. */
    public record Problem(Path file, long line, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reason;
        }
    }

    /** Everything read from one or more files. */
    public record Result(List<MetricsRecord> records, List<Problem> problems) {
        public Result {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }
    }

    private MetricsCsvReader() {
    }

    public static Result read(Path file) throws MetricsFormatException {
        if (!Files.isRegularFile(file)) {
            throw new MetricsFormatException("no such metrics file: " + file);
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, in);
        } catch (IOException e) {
            throw new MetricsFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Result read(Path source, Reader in) throws MetricsFormatException {
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).get();
        List<MetricsRecord> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            Map<MetricsColumn, Integer> index = columnIndex(source, parser.getHeaderNames());
            for (CSVRecord row : parser) {
                try {
                    records.add(parse(row, index));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(source, row.getParser().getCurrentLineNumber(), e.getMessage()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MetricsFormatException(source + " is not a readable CSV: " + e.getMessage(), e);
        }
        return new Result(records, problems);
    }

    private static Map<MetricsColumn, Integer> columnIndex(Path source, List<String> headers) throws MetricsFormatException {
        Map<MetricsColumn, Integer> index = new EnumMap<>(MetricsColumn.class);
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i) == null ? "" : headers.get(i).replace("\uFEFF", "").trim();
            for (MetricsColumn c : MetricsColumn.values()) {
                if (c.heading().equalsIgnoreCase(h)) {
                    index.putIfAbsent(c, i);
                }
            }
        }
        List<String> missing = MetricsColumn.SEED_003.stream()
                .filter(c -> !index.containsKey(c)).map(MetricsColumn::heading).toList();
        if (!missing.isEmpty()) {
            throw new MetricsFormatException(source + " is not a metrics CSV: missing column(s) " + missing
                    + " (header: " + headers + ")");
        }
        return index;
    }

    private static MetricsRecord parse(CSVRecord row, Map<MetricsColumn, Integer> index) {
        if (row.size() < MetricsColumn.SEED_003.size()) {
            throw new IllegalArgumentException("expected at least 6 fields, found " + row.size());
        }
        String function = cell(row, index, MetricsColumn.FUNCTION);
        if (function.isEmpty()) {
            throw new IllegalArgumentException("empty Function");
        }
        String label = cell(row, index, MetricsColumn.EXECUTION_MODE);
        double seconds = number(row, index, MetricsColumn.EXECUTION_TIME_S, false);
        if (seconds < 0) {
            throw new IllegalArgumentException("negative Execution Time (s): " + seconds);
        }
        String modeText = cell(row, index, MetricsColumn.MODE);
        ExecutionMode mode = (modeText.isEmpty() ? ExecutionMode.fromLabel(label) : ExecutionMode.parse(modeText))
                .orElse(null);
        String statusText = cell(row, index, MetricsColumn.STATUS);
        InvocationStatus status = statusText.isEmpty() ? InvocationStatus.OK
                : InvocationStatus.parse(statusText).orElseThrow(() -> new IllegalArgumentException("unknown Status: " + statusText));
        String exit = cell(row, index, MetricsColumn.EXIT_CODE);
        return new MetricsRecord(
                function,
                cell(row, index, MetricsColumn.NODE),
                number(row, index, MetricsColumn.CPU_PERCENT, true),
                number(row, index, MetricsColumn.RAM_PERCENT, true),
                label,
                seconds,
                instant(cell(row, index, MetricsColumn.TIMESTAMP)),
                cell(row, index, MetricsColumn.INVOCATION_ID),
                cell(row, index, MetricsColumn.RUN_ID),
                cell(row, index, MetricsColumn.CELL),
                cell(row, index, MetricsColumn.POLICY),
                mode,
                status,
                exit.isEmpty() ? null : integer(exit, MetricsColumn.EXIT_CODE),
                StateCheck.parse(cell(row, index, MetricsColumn.STATE_CHECK)).orElse(StateCheck.UNKNOWN),
                new Timings(
                        millis(row, index, MetricsColumn.SCHEDULING_MS),
                        millis(row, index, MetricsColumn.SSH_MS),
                        millis(row, index, MetricsColumn.PULL_MS),
                        millis(row, index, MetricsColumn.RUN_MS),
                        millis(row, index, MetricsColumn.INIT_MS),
                        millis(row, index, MetricsColumn.QUEUE_MS)),
                path(cell(row, index, MetricsColumn.PATH), label),
                number(row, index, MetricsColumn.FUNCTION_MS, true),
                bytes(row, index, MetricsColumn.PAYLOAD_BYTES),
                bytes(row, index, MetricsColumn.OUTPUT_BYTES),
                containerUse(row, index, mode),
                source(cell(row, index, MetricsColumn.SOURCE)),
                failure(cell(row, index, MetricsColumn.FAILURE)),
                attempts(cell(row, index, MetricsColumn.ATTEMPTS)));
    }

    private static Failure failure(String text) {
        return Failure.parse(text).orElseThrow(() -> new IllegalArgumentException("unknown Failure: " + text));
    }

    /** Files from before the column tried every invocation once. */
    private static int attempts(String text) {
        if (text.isEmpty()) {
            return 1;
        }
        int n = integer(text, MetricsColumn.ATTEMPTS);
        if (n < 0) {
            throw new IllegalArgumentException("negative Attempts: " + n);
        }
        return n;
    }

    private static Source source(String text) {
        return text.isEmpty() ? Source.REAL
                : Source.parse(text).orElseThrow(() -> new IllegalArgumentException("unknown Source: " + text));
    }

    /** Files from before the container columns: a static mode's rows started as that mode says. */
    private static ContainerUse containerUse(CSVRecord row, Map<MetricsColumn, Integer> index, ExecutionMode mode) {
        String text = cell(row, index, MetricsColumn.START_TYPE);
        StartType start;
        if (text.isEmpty()) {
            start = index.containsKey(MetricsColumn.START_TYPE) || mode == null || mode == ExecutionMode.DYNAMIC
                    ? null : StartType.of(mode);
        } else {
            start = StartType.parse(text).orElseThrow(() -> new IllegalArgumentException("unknown Start Type: " + text));
        }
        String memory = cell(row, index, MetricsColumn.MEMORY_MB);
        return new ContainerUse(start, cell(row, index, MetricsColumn.KEEP_ALIVE), millis(row, index, MetricsColumn.WAIT_MS),
                cell(row, index, MetricsColumn.CONTAINER), memory.isEmpty() ? -1 : integer(memory, MetricsColumn.MEMORY_MB));
    }

    /** Files from before the Path column: the label's suffix says it (exec when it has none). */
    private static InvocationPath path(String text, String label) {
        if (text.isEmpty()) {
            return InvocationPath.fromLabel(label);
        }
        return InvocationPath.parse(text).orElseThrow(() -> new IllegalArgumentException("unknown Path: " + text));
    }

    private static long bytes(CSVRecord row, Map<MetricsColumn, Integer> index, MetricsColumn c) {
        String s = cell(row, index, c);
        if (s.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer in " + c.heading() + ": '" + s + "'");
        }
    }

    private static String cell(CSVRecord row, Map<MetricsColumn, Integer> index, MetricsColumn c) {
        Integer i = index.get(c);
        return i == null || i >= row.size() ? "" : row.get(i).trim();
    }

    private static double number(CSVRecord row, Map<MetricsColumn, Integer> index, MetricsColumn c, boolean optional) {
        String s = cell(row, index, c);
        if (s.isEmpty()) {
            if (optional) {
                return Double.NaN;
            }
            throw new IllegalArgumentException("empty " + c.heading());
        }
        try {
            double v = Double.parseDouble(s);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in " + c.heading() + ": '" + s + "'");
        }
    }

    private static long millis(CSVRecord row, Map<MetricsColumn, Integer> index, MetricsColumn c) {
        String s = cell(row, index, c);
        return s.isEmpty() ? -1 : integer(s, c);
    }

    private static int integer(String s, MetricsColumn c) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer in " + c.heading() + ": '" + s + "'");
        }
    }

    private static Instant instant(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant in Timestamp: '" + s + "'");
        }
    }
}
