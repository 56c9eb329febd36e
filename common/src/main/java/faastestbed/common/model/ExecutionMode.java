package faastestbed.common.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The state a node is in for a function before an invocation, and so what the invocation runs there.
 * "Pre-warmed" here means the image is cached on the node (OpenWhisk's "prewarm" is a running generic container).
 */
public enum ExecutionMode {
    /** Image absent: pull + {@code docker run --rm}; the image is removed afterwards, outside the measured time. */
    COLD("cold", "Cold"),
    /** Image cached on the node: {@code docker run --rm}. */
    PRE_WARMED("pre-warmed", "Pre-warmed"),
    /** A long-lived container of the function runs on the node: {@code docker exec}. */
    WARMED("warmed", "Warmed"),
    /**
     * No preset state: each node keeps a pool of containers per function, started on demand and kept or evicted by
     * the keep-alive policy; every row says how its container started ({@link StartType}).
     */
    DYNAMIC("dynamic", "Dynamic");

    private final String id;
    private final String label;

    ExecutionMode(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Name used in configuration, the API and CSV files: {@code cold}, {@code pre-warmed}, {@code warmed}, {@code dynamic}. */
    public String id() {
        return id;
    }

    /** Human label used in seed-003 style "Execution Mode" cells and chart legends. */
    public String label() {
        return label;
    }

    /** Accepts the id, the label or the enum name, case-insensitively ("pre-warmed", "Pre-warmed", "PRE_WARMED", "prewarmed"). */
    public static Optional<ExecutionMode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = normalise(text);
        return Arrays.stream(values())
                .filter(m -> normalise(m.id).equals(key) || normalise(m.name()).equals(key))
                .findFirst();
    }

    /**
     * Reads the mode at the end of a seed-003 label such as "Round Robin - Cold", "Warmed",
     * "Round Robin - Warmed (handler)" or "Hash Affinity - Dynamic [lru] (handler)".
     */
    public static Optional<ExecutionMode> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        int dash = label.lastIndexOf(" - ");
        String mode = dash >= 0 ? label.substring(dash + 3) : label;
        // A keep-alive tag " [lru]" and a path suffix " (handler)" may follow the mode.
        int cut = mode.length();
        for (String marker : new String[] {" [", " ("}) {
            int at = mode.indexOf(marker);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return parse(mode.substring(0, cut));
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ExecutionMode::id).toList());
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }
}
