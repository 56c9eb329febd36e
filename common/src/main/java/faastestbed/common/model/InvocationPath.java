package faastestbed.common.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How an invocation reached the function: through the resident handler in the container (a request over HTTP), or
 * by starting the function's command per call ({@code docker run} / {@code docker exec}, seed 003's semantics).
 */
public enum InvocationPath {
    HANDLER("handler"),
    EXEC("exec");

    private final String id;

    InvocationPath(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<InvocationPath> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(key)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(InvocationPath::id).toList());
    }

    /**
     * The seed-003 style "Execution Mode" label: {@code "Round Robin - Warmed"} for the exec path (what such labels
     * always meant), {@code "Round Robin - Warmed (handler)"} for the handler path, so charts keep the two apart.
     */
    public static String label(String policyDisplayName, ExecutionMode mode, InvocationPath path) {
        return label(policyDisplayName, mode, "", path);
    }

    /**
     * As {@link #label(String, ExecutionMode, InvocationPath)}, with the keep-alive policy of a dynamic cell in
     * brackets after the mode ({@code "Hash Affinity - Dynamic [fixed-ttl] (handler)"}), so cells that differ only
     * in keep-alive are told apart by every chart that groups by label.
     */
    public static String label(String policyDisplayName, ExecutionMode mode, String keepAlive, InvocationPath path) {
        String base = policyDisplayName + " - " + mode.label();
        if (mode == ExecutionMode.DYNAMIC && keepAlive != null && !keepAlive.isBlank()) {
            base += " [" + keepAlive.trim() + "]";
        }
        return path == HANDLER ? base + " (handler)" : base;
    }

    /** The keep-alive tag of a label ("lru" of "... - Dynamic [lru] (handler)"), or "" when it has none. */
    public static String keepAliveFromLabel(String label) {
        if (label == null) {
            return "";
        }
        int open = label.lastIndexOf(" [");
        int close = label.lastIndexOf(']');
        return open >= 0 && close > open ? label.substring(open + 2, close).trim() : "";
    }

    /** The path a label names: a "(handler)" suffix, else exec. */
    public static InvocationPath fromLabel(String label) {
        return label != null && label.trim().endsWith("(handler)") ? HANDLER : EXEC;
    }
}
