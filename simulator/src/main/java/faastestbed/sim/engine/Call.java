package faastestbed.sim.engine;

import faastestbed.common.model.StartType;
import faastestbed.sim.model.Phases;

/** One simulated invocation, from its arrival at the gateway to its answer. */
final class Call {
    enum State { QUEUED, WAITING, STARTING, RUNNING, DONE }

    final long id;
    final FunctionModel function;
    final long arrivedAt;
    /** The closed-loop client that sent it; -1 in an open loop. */
    final int client;
    SimNode node;
    State state;
    double cpuPercent = Double.NaN;
    double ramPercent = Double.NaN;
    long queuedAt = -1;
    long queueNanos = -1;
    long poolAt = -1;
    long waitNanos = -1;
    long pullNanos = -1;
    long initNanos = -1;
    long runStartedAt = -1;
    long runNanos = -1;
    StartType startType;
    SimContainer container;
    Phases phases;
    /** Work left of its run, in nanoseconds at the speed it has alone on its node. */
    double workLeft;
    long timeoutToken;

    Call(long id, FunctionModel function, long arrivedAt, int client) {
        this.id = id;
        this.function = function;
        this.arrivedAt = arrivedAt;
        this.client = client;
    }
}
