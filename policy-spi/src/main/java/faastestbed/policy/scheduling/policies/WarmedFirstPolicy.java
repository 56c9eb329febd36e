package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Prefers the warmest nodes for the function: nodes with a running container, else nodes with the image cached,
 * else any node. Within the warmest non-empty tier the fallback policy decides (round-robin by default,
 * {@code testbed.warmed-first.fallback}), so warm capacity is still spread or packed as that policy would.
 */
public class WarmedFirstPolicy implements SchedulingPolicy {
    public static final String NAME = "warmed-first";

    private static final List<FunctionState> WARMEST_FIRST =
            List.of(FunctionState.CONTAINER_RUNNING, FunctionState.IMAGE_PRESENT, FunctionState.ABSENT);

    private final Supplier<SchedulingPolicy> fallback;

    public static final String DEFAULT_FALLBACK = RoundRobinPolicy.NAME;

    /**
     * For {@link java.util.ServiceLoader}: a round-robin of its own as fallback. The gateway instead passes
     * {@code testbed.warmed-first.fallback} and its catalog to {@link #WarmedFirstPolicy(String, Function)}.
     */
    public WarmedFirstPolicy() {
        this(new RoundRobinPolicy());
    }

    /**
     * @param fallbackName name of the policy deciding within a tier
     * @param policies     looks a policy up by name; asked on first use only
     */
    public WarmedFirstPolicy(String fallbackName, Function<String, Optional<SchedulingPolicy>> policies) {
        if (NAME.equals(fallbackName)) {
            throw new IllegalArgumentException("warmed-first cannot fall back to itself");
        }
        // Resolved on first use: the catalog holds this policy too, so it cannot be built before us.
        this.fallback = () -> policies.apply(fallbackName).orElseThrow(() ->
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
     * too. In the gateway the fallback is the catalog's shared instance, which may thus be reset twice: resets are idempotent.
     */
    @Override
    public void reset() {
        fallback.get().reset();
    }
}
