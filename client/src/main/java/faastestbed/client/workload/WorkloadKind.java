package faastestbed.client.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How invocations are generated: closed loops wait for answers, open loops fire on a clock regardless. */
public enum WorkloadKind {
    /** cycles x functions, one at a time (seed 003). */
    SEQUENTIAL(false),
    /** cycles x functions, N clients each sending its next invocation when its previous one returns (seed 002). */
    CLOSED(false),
    /** Exponential inter-arrival times at a fixed rate. */
    POISSON(true),
    /** Replay of an Azure Functions 2019 per-minute trace. */
    TRACE(true);

    private final boolean openLoop;

    WorkloadKind(boolean openLoop) {
        this.openLoop = openLoop;
    }

    public boolean openLoop() {
        return openLoop;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WorkloadKind> parse(String text) {
        return Arrays.stream(values()).filter(k -> k.id().equalsIgnoreCase(text.trim())).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(WorkloadKind::id).collect(Collectors.joining(", "));
    }
}
