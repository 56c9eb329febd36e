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
import java.util.List;
import java.util.Optional;

/**
 * A CSV file that only grows: each row is flushed at once, so a crash loses at most the row being written and
 * earlier rows (of this or earlier runs) are never rewritten. A file with another header (an older format) is kept
 * whole under another name and a new file is started. Safe for concurrent callers.
 */
final class AppendOnlyCsv implements Closeable {
    private final Path file;
    private final CSVPrinter printer;
    private final boolean flushEachRow;
    private Path setAside;

    AppendOnlyCsv(Path file, String[] headings) throws IOException {
        this(file, headings, true);
    }

    /**
     * @param flushEachRow false for a writer that produces rows far faster than a disk takes single writes (the
     *                     simulator): rows are then flushed in blocks and at {@link #close()}
     */
    AppendOnlyCsv(Path file, String[] headings, boolean flushEachRow) throws IOException {
        this.file = file;
        this.flushEachRow = flushEachRow;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh && !hasHeader(file, headings)) {
            Path aside = file.resolveSibling(stem(file) + "." + System.currentTimeMillis() + ".csv");
            Files.move(file, aside);
            this.setAside = aside;
            fresh = true;
        }
        if (!fresh) {
            ensureEndsWithNewline(file);
        }
        BufferedWriter out = new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8),
                flushEachRow ? 8192 : 1 << 20);
        CSVFormat.Builder format = CSVFormat.RFC4180.builder().setRecordSeparator('\n');
        if (fresh) {
            format.setHeader(headings);
        }
        this.printer = new CSVPrinter(out, format.get());
        printer.flush();
    }

    Path file() {
        return file;
    }

    Optional<Path> setAside() {
        return Optional.ofNullable(setAside);
    }

    synchronized void append(List<String> cells) {
        try {
            printer.printRecord(cells);
            if (flushEachRow) {
                printer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private static boolean hasHeader(Path file, String[] headings) throws IOException {
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && first.replace("\uFEFF", "").trim().equals(String.join(",", headings));
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
