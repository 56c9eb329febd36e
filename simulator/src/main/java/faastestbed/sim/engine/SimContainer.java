package faastestbed.sim.engine;

import faastestbed.policy.keepalive.ContainerView;

import java.time.Instant;

/** One container of a simulated node's pool; mutable, seen by policies only through {@link #view}. */
final class SimContainer {
    final String id;
    final FunctionModel function;
    final long startedAt;
    boolean ready;
    boolean prewarmed;
    boolean removed;
    int inFlight;
    long uses;
    long startCostMs = -1;
    long lastUsedAt;
    /** When the pending expiry check fires; -1 when none is pending. */
    long expiryAt = -1;
    /** When it last became idle (for the idle memory integral); -1 while not idle. */
    long idleSince = -1;
    /** The call that made it start; null when it was started ahead of calls. */
    Call starter;

    SimContainer(String id, FunctionModel function, long now, boolean prewarmed) {
        this.id = id;
        this.function = function;
        this.startedAt = now;
        this.lastUsedAt = now;
        this.prewarmed = prewarmed;
    }

    boolean idle() {
        return ready && inFlight == 0;
    }

    boolean hasFreeSlot() {
        return ready && inFlight < function.demand().concurrency();
    }

    int memoryMb() {
        return function.demand().memoryMb();
    }

    private ContainerView view;
    private long viewLastUsedAt;

    /** Its view, rebuilt only when something a policy sees of it changed since the last one. */
    ContainerView view(Instant epoch) {
        ContainerView v = view;
        if (v == null || v.inFlight() != inFlight || v.ready() != ready || v.prewarmed() != prewarmed
                || v.uses() != uses || v.startCostMs() != startCostMs || viewLastUsedAt != lastUsedAt) {
            v = new ContainerView(id, function.name(), memoryMb(), function.demand().concurrency(), inFlight, ready,
                    prewarmed, epoch.plusNanos(startedAt), epoch.plusNanos(lastUsedAt), uses, startCostMs);
            view = v;
            viewLastUsedAt = lastUsedAt;
        }
        return v;
    }

}
