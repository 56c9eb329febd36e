package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.NodeView;

import java.util.Comparator;

/**
 * Spreads load: the node with the lowest CPU %, among nodes under the RAM threshold. CPU samples are up to one
 * sampling interval old, so ties and near-ties under concurrency are broken by fewer in-flight invocations.
 */
public class LeastUsedPolicy extends LoadBasedPolicy {
    public static final String NAME = "least-used";

    /** For {@link java.util.ServiceLoader}; the gateway passes {@code testbed.ram-threshold} instead. */
    public LeastUsedPolicy() {
        this(DEFAULT_RAM_THRESHOLD);
    }

    public LeastUsedPolicy(double ramThreshold) {
        super(ramThreshold);
    }

    public static LeastUsedPolicy withDefaults() {
        return new LeastUsedPolicy(DEFAULT_RAM_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Comparator<NodeView> ranking() {
        return Comparator.comparingDouble(LoadBasedPolicy::cpu)
                .thenComparingInt(NodeView::inFlight)
                .thenComparing(NodeView::name);
    }
}
