package faastestbed.client.run;

import faastestbed.common.model.ExecutionMode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The seed-003 style "Execution Mode" label, for answers (404, 503, broken connections) that carry none. */
public final class ExecutionLabel {
    private ExecutionLabel() {
    }

    /** "round-robin", COLD → "Round Robin - Cold". */
    public static String of(String policy, ExecutionMode mode) {
        String title = Arrays.stream(policy.split("[-_ ]+"))
                .filter(w -> !w.isEmpty())
                .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
                .collect(Collectors.joining(" "));
        return title + " - " + mode.label();
    }
}
