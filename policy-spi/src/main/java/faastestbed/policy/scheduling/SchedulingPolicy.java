package faastestbed.policy.scheduling;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses the node for one invocation. A policy is a pure function of the snapshot (plus small state of its own,
 * such as a round-robin cursor), so it is unit-tested without SSH and can run unchanged in a simulator.
 *
 * <p>To add a policy to the gateway, write one class implementing this interface and annotate it
 * {@code @Singleton} (package {@code faastestbed.gateway.scheduling.policies} by convention); the gateway's catalog
 * collects such beans next to the built-ins of this module, which {@code META-INF/services} lists. It is then selectable by
 * {@link #name()} in application.properties, the {@code TESTBED_POLICY} variable, {@code PUT /config} and
 * {@code ./start.sh --policy}; nothing else needs editing.
 */
public interface SchedulingPolicy {

    /** Name used in configuration and CSV files: lower-case words joined by dashes, e.g. {@code least-used}. */
    String name();

    /** The chosen node, or empty when no node fits (the invocation is then rejected with HTTP 503). */
    Optional<NodeView> select(ClusterSnapshot snapshot);

    /**
     * Forgets the policy's own state (cursors, random streams back to their seed). Called at the start of every
     * experiment cell, so a cell's decisions do not depend on the cells before it.
     */
    default void reset() {
    }

    /** Name for humans and for seed-003 style "Execution Mode" labels: {@code least-used} → "Least Used". */
    default String displayName() {
        return Arrays.stream(name().split("-"))
                .filter(w -> !w.isEmpty())
                .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
                .collect(Collectors.joining(" "));
    }
}
