package faastestbed.policy.keepalive;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One container of a node's pool as keep-alive policies see it. Immutable.
 *
 * @param id          the container's name on the node
 * @param function    the function it runs
 * @param memoryMb    its memory limit, counted against the node's capacity from the moment it is reserved
 * @param concurrency calls it may serve at once
 * @param inFlight    calls it serves now
 * @param ready       its handler answered ready (false while it starts)
 * @param prewarmed   started ahead of a call (pre-warm or minimum idle) and not used yet
 * @param startedAt   when it was reserved
 * @param lastUsedAt  when its last call ended; when it got ready if it never served one
 * @param uses        calls it has served
 * @param startCostMs what starting it cost (pull + start until ready); -1 while unknown
 */
public record ContainerView(String id, String function, int memoryMb, int concurrency, int inFlight, boolean ready,
                            boolean prewarmed, Instant startedAt, Instant lastUsedAt, long uses, long startCostMs) {
    public ContainerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /** Ready and serving nothing: it may be reused, expire or be evicted. */
    public boolean idle() {
        return ready && inFlight == 0;
    }

    /** Ready with a free concurrency slot: a call of its function can use it now. */
    public boolean hasFreeSlot() {
        return ready && inFlight < concurrency;
    }

    public Duration idleFor(Instant now) {
        return idle() ? Duration.between(lastUsedAt, now) : Duration.ZERO;
    }
}
