package faastestbed.policy.keepalive;

import java.util.AbstractMap;

/**
 * Per-function usage that {@link PoolView} takes as it is instead of copying. An engine with many functions per node
 * (the simulator: hundreds of trace functions on every node) implements it over its own arrays and creates a
 * {@link FunctionUsage} only when a policy asks for that function. It cannot be modified, and its engine changes
 * nothing while a decision runs; a policy reads it during the call it was given for.
 */
public abstract class UsageMap extends AbstractMap<String, FunctionUsage> {
}
