package faastestbed.client.workload;

import java.util.ArrayList;
import java.util.List;

/** Invocation orders of the closed-loop workloads (sequential and closed). */
public final class Schedules {
    private Schedules() {
    }

    /**
     * {@code cycles} passes over {@code functions}, each pass in list order: f1 f2 f1 f2 ... as seed 003 ran them.
     * Interleaving (rather than all of f1 then all of f2) spreads any drift of the cluster over every function.
     * A closed workload hands out this same list, each client taking the next entry.
     */
    public static List<String> cycles(List<String> functions, int cycles) {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("no functions");
        }
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be >= 1");
        }
        List<String> order = new ArrayList<>(functions.size() * cycles);
        for (int c = 0; c < cycles; c++) {
            order.addAll(functions);
        }
        return List.copyOf(order);
    }
}
