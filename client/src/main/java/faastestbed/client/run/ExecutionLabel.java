package faastestbed.client.run;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The seed-003 style "Execution Mode" label, for answers (404, 503, broken connections) that carry none. */
public final class ExecutionLabel {
    private ExecutionLabel() {
    }

    /** "round-robin", COLD → "Round Robin - Cold". */
    public static String of(String policy, ExecutionMode mode) {
        return title(policy) + " - " + mode.label();
    }

    /** With the path, as the gateway labels it: "Round Robin - Warmed (handler)"; exec has no suffix. */
    public static String of(String policy, ExecutionMode mode, InvocationPath path) {
        return InvocationPath.label(title(policy), mode, path);
    }

    /** With a dynamic cell's keep-alive in brackets: "Round Robin - Dynamic [lru] (handler)"; static modes ignore it. */
    public static String of(String policy, ExecutionMode mode, String keepAlive, InvocationPath path) {
        return InvocationPath.label(title(policy), mode, keepAlive, path);
    }

    private static String title(String policy) {
        return Arrays.stream(policy.split("[-_ ]+"))
                .filter(w -> !w.isEmpty())
                .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
                .collect(Collectors.joining(" "));
    }
}
