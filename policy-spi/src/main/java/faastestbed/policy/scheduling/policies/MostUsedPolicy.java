package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.NodeView;

import java.util.Comparator;

/**
 * Packs load: the node with the highest CPU %, among nodes under the RAM threshold (bin packing, leaves other
 * nodes idle). Ties go to the node with more in-flight invocations, then by name.
 */
public class MostUsedPolicy extends LoadBasedPolicy {
    public static final String NAME = "most-used";

    /** For {@link java.util.ServiceLoader}; the gateway passes {@code testbed.ram-threshold} instead. */
    public MostUsedPolicy() {
        this(DEFAULT_RAM_THRESHOLD);
    }

    public MostUsedPolicy(double ramThreshold) {
        super(ramThreshold);
    }

    public static MostUsedPolicy withDefaults() {
        return new MostUsedPolicy(DEFAULT_RAM_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Comparator<NodeView> ranking() {
        return Comparator.comparingDouble(LoadBasedPolicy::cpu).reversed()
                .thenComparing(Comparator.comparingInt(NodeView::inFlight).reversed())
                .thenComparing(NodeView::name);
    }
}
