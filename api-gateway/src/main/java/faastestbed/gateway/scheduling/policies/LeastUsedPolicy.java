package faastestbed.gateway.scheduling.policies;

import faastestbed.gateway.scheduling.NodeView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Comparator;

/**
 * Spreads load: the node with the lowest CPU %, among nodes under the RAM threshold. CPU samples are up to one
 * sampling interval old, so ties and near-ties under concurrency are broken by fewer in-flight invocations.
 */
@Singleton
public class LeastUsedPolicy extends LoadBasedPolicy {
    public static final String NAME = "least-used";

    @Inject
    public LeastUsedPolicy(@ConfigProperty(name = "testbed.ram-threshold", defaultValue = "90") double ramThreshold) {
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
