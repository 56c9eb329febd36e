package faastestbed.client.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What every invocation sends as its body. At most one of the two is set; neither: an empty body.
 *
 * @param file  a file whose bytes are sent as they are, resolved against the working directory; null: none
 * @param sizes a sweep: the workload runs once per size, with that many seeded pseudo-random bytes; empty: none
 */
public record PayloadOptions(Path file, List<Integer> sizes) {
    /** Sizes above this are refused: each one is held in memory for its cells, and no gateway takes that much. */
    public static final int MAX_SIZE = 1024 * 1024 * 1024;

    public static final PayloadOptions NONE = new PayloadOptions(null, List.of());

    public PayloadOptions {
        sizes = List.copyOf(sizes);
        if (file != null && !sizes.isEmpty()) {
            throw new IllegalArgumentException("a payload file and payload sizes exclude each other");
        }
    }

    /**
     * Parses a size: a non-negative integer with an optional K or M suffix (binary: 1K = 1024, 1M = 1048576).
     *
     * @throws IllegalArgumentException with the reason
     */
    public static int parseSize(String text) {
        String t = text.trim();
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("k")) {
            unit = 1024;
        } else if (t.endsWith("M") || t.endsWith("m")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (!digits.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("expected a size in bytes with an optional K or M suffix (0, 512, 1K, 6M), got '" + text + "'");
        }
        long bytes = Long.parseLong(digits) * unit;
        if (bytes > MAX_SIZE) {
            throw new IllegalArgumentException("payload size '" + text + "' is over the client's limit of 1024M");
        }
        return (int) bytes;
    }

    /** The shortest exact spelling: 1048576 → "1M", 1024 → "1K", 1500 → "1500". */
    public static String formatSize(int bytes) {
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "M";
        }
        if (bytes > 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "K";
        }
        return Integer.toString(bytes);
    }
}
