package faastestbed.client.workload;

import java.util.Optional;

/** Which function an open-loop arrival invokes. */
public enum FunctionPick {
    /** Cycle through the function list: equal shares, fully predictable. */
    ROUND_ROBIN("round-robin"),
    /** Uniformly at random from the seeded generator: equal shares on average, no phase with the arrival times. */
    RANDOM("random");

    private final String id;

    FunctionPick(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<FunctionPick> parse(String text) {
        String t = text.trim();
        for (FunctionPick p : values()) {
            if (p.id.equalsIgnoreCase(t)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
