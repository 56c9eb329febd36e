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
        String base = policyDisplayName + " - " + mode.label();
        return path == HANDLER ? base + " (handler)" : base;
    }

    /** The path a label names: a "(handler)" suffix, else exec. */
    public static InvocationPath fromLabel(String label) {
        return label != null && label.trim().endsWith("(handler)") ? HANDLER : EXEC;
    }
}
