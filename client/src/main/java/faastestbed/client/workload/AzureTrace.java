package faastestbed.client.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Azure Functions 2019 trace in the {@code invocations_per_function_md.anon.dNN.csv} format:
 * header {@code HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440}, then one row per function with its
 * invocation count in each minute of the day.
 * Real files always have 1440 minute columns; fewer (still numbered 1..N) are accepted so small test traces stay small.
 */
public record AzureTrace(String source, int minutes, List<TraceFunction> functions) {
    private static final String[] KEY_COLUMNS = {"HashOwner", "HashApp", "HashFunction", "Trigger"};

    public AzureTrace {
        functions = List.copyOf(functions);
    }

    public static AzureTrace read(Path file) throws IOException, TraceFormatException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.getFileName().toString());
        }
    }

    /** @param source how messages name the input, e.g. the file name */
    public static AzureTrace parse(Reader input, String source) throws IOException, TraceFormatException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        String header = reader.readLine();
        if (header == null) {
            throw new TraceFormatException(source, 1, "empty file, expected the header HashOwner,HashApp,HashFunction,Trigger,1,2,...");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1); // files saved by spreadsheet tools start with a byte-order mark
        }
        String[] columns = header.split(",", -1);
        for (int i = 0; i < KEY_COLUMNS.length; i++) {
            if (i >= columns.length || !columns[i].trim().equals(KEY_COLUMNS[i])) {
                throw new TraceFormatException(source, 1, "column " + (i + 1) + " of the header should be '" + KEY_COLUMNS[i]
                        + "', got '" + (i < columns.length ? columns[i].trim() : "") + "'");
            }
        }
        int minutes = columns.length - KEY_COLUMNS.length;
        if (minutes < 1) {
            throw new TraceFormatException(source, 1, "no minute columns after Trigger (expected 1,2,...,1440)");
        }
        for (int m = 1; m <= minutes; m++) {
            String name = columns[KEY_COLUMNS.length + m - 1].trim();
            if (!name.equals(Integer.toString(m))) {
                throw new TraceFormatException(source, 1, "column " + (KEY_COLUMNS.length + m) + " of the header should be minute '"
                        + m + "', got '" + name + "'");
            }
        }

        List<TraceFunction> rows = new ArrayList<>();
        int lineNo = 1;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue; // a trailing newline or blank separator line carries no data
            }
            String[] fields = line.split(",", -1);
            if (fields.length != columns.length) {
                throw new TraceFormatException(source, lineNo, "expected " + columns.length + " fields like the header, got " + fields.length);
            }
            for (int i = 0; i < KEY_COLUMNS.length; i++) {
                if (fields[i].isBlank()) {
                    throw new TraceFormatException(source, lineNo, KEY_COLUMNS[i] + " is empty");
                }
            }
            int[] counts = new int[minutes];
            for (int m = 1; m <= minutes; m++) {
                String field = fields[KEY_COLUMNS.length + m - 1].trim();
                int count;
                try {
                    count = Integer.parseInt(field);
                } catch (NumberFormatException e) {
                    throw new TraceFormatException(source, lineNo, "minute " + m + ": expected an invocation count, got '" + field + "'");
                }
                if (count < 0) {
                    throw new TraceFormatException(source, lineNo, "minute " + m + ": negative invocation count " + count);
                }
                counts[m - 1] = count;
            }
            rows.add(new TraceFunction(fields[0].trim(), fields[1].trim(), fields[2].trim(), fields[3].trim(), counts, lineNo));
        }
        if (rows.isEmpty()) {
            throw new TraceFormatException(source, lineNo, "no function rows after the header");
        }
        return new AzureTrace(source, minutes, rows);
    }

    public MinuteRange allMinutes() {
        return new MinuteRange(1, minutes);
    }

    /** Total invocations in {@code minute} over all functions. */
    public long count(int minute) {
        return functions.stream().mapToLong(f -> f.count(minute)).sum();
    }

    public long total(MinuteRange range) {
        return functions.stream().mapToLong(f -> f.total(range)).sum();
    }
}
