package faastestbed.gateway.scheduling.policies;

import faastestbed.gateway.scheduling.ClusterSnapshot;
import faastestbed.gateway.scheduling.FunctionState;
import faastestbed.gateway.scheduling.NodeView;
import faastestbed.gateway.scheduling.PolicyCatalog;
import faastestbed.gateway.scheduling.SchedulingPolicy;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prefers the warmest nodes for the function: nodes with a running container, else nodes with the image cached,
 * else any node. Within the warmest non-empty tier the fallback policy decides (round-robin by default,
 * {@code testbed.warmed-first.fallback}), so warm capacity is still spread or packed as that policy would.
 */
@Singleton
public class WarmedFirstPolicy implements SchedulingPolicy {
    public static final String NAME = "warmed-first";

    private static final List<FunctionState> WARMEST_FIRST =
            List.of(FunctionState.CONTAINER_RUNNING, FunctionState.IMAGE_PRESENT, FunctionState.ABSENT);

    private final Supplier<SchedulingPolicy> fallback;

    @Inject
    public WarmedFirstPolicy(@ConfigProperty(name = "testbed.warmed-first.fallback", defaultValue = RoundRobinPolicy.NAME)
                             String fallbackName, Provider<PolicyCatalog> catalog) {
        if (NAME.equals(fallbackName)) {
            throw new IllegalArgumentException("warmed-first cannot fall back to itself");
        }
        // Resolved on first use: the catalog holds this policy too, so it cannot be built before us.
        this.fallback = () -> catalog.get().find(fallbackName).orElseThrow(() ->
                new IllegalStateException("testbed.warmed-first.fallback names no policy: " + fallbackName));
    }

    /** For tests and simulators: a fixed fallback. */
    public WarmedFirstPolicy(SchedulingPolicy fallback) {
        if (fallback instanceof WarmedFirstPolicy) {
            throw new IllegalArgumentException("warmed-first cannot fall back to itself");
        }
        this.fallback = () -> fallback;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<NodeView> select(ClusterSnapshot snapshot) {
        for (FunctionState tier : WARMEST_FIRST) {
            List<NodeView> nodes = snapshot.candidates().stream().filter(n -> n.functionState() == tier).toList();
            if (!nodes.isEmpty()) {
                Optional<NodeView> choice = fallback.get().select(snapshot.withNodes(nodes));
                if (choice.isPresent()) {
                    return choice;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The fallback's state (e.g. round-robin cursors) steers this policy's choices, so a cell must start it afresh
     * too. Under CDI the fallback is the catalog's shared bean, which may thus be reset twice: resets are idempotent.
     */
    @Override
    public void reset() {
        fallback.get().reset();
    }
}
