package faastestbed.gateway.namespace;

import java.time.Instant;

/** A tenant of the cluster: its functions are named within it and its limits bound what they use together. */
public record Namespace(String name, NamespaceLimits limits, Instant createdAt) {
}
