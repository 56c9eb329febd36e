package faastestbed.gateway.scheduling.policies;

import faastestbed.gateway.scheduling.NodeView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Comparator;

/**
 * Packs load: the node with the highest CPU %, among nodes under the RAM threshold (bin packing, leaves other
 * nodes idle). Ties go to the node with more in-flight invocations, then by name.
 */
@Singleton
public class MostUsedPolicy extends LoadBasedPolicy {
    public static final String NAME = "most-used";

    @Inject
    public MostUsedPolicy(@ConfigProperty(name = "testbed.ram-threshold", defaultValue = "90") double ramThreshold) {
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
