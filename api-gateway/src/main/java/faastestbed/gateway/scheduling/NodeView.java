package faastestbed.gateway.scheduling;

import java.util.Objects;

/**
 * What a policy may know about one node at decision time. Immutable: the policy sees a consistent picture
 * even while invocations start and end around it.
 *
 * @param name          node name as registered
 * @param cpuPercent    CPU use as % of the node's own limit, from the last background sample (NaN: no sample yet)
 * @param ramPercent    RAM use as % of the node's own limit, same sample (NaN: no sample yet)
 * @param inFlight      invocations running on the node right now
 * @param healthy       reachable over SSH and answering its samples
 * @param functionState readiness of the node for the function being scheduled
 */
public record NodeView(String name, double cpuPercent, double ramPercent, int inFlight, boolean healthy,
                       FunctionState functionState) {
    public NodeView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(functionState, "functionState");
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight must be >= 0, was " + inFlight);
        }
    }

    /** A healthy node with no load sample yet and nothing of the function on it: handy for tests and simulators. */
    public static NodeView idle(String name) {
        return new NodeView(name, 0, 0, 0, true, FunctionState.ABSENT);
    }

    public NodeView withLoad(double cpu, double ram) {
        return new NodeView(name, cpu, ram, inFlight, healthy, functionState);
    }

    public NodeView withInFlight(int n) {
        return new NodeView(name, cpuPercent, ramPercent, n, healthy, functionState);
    }

    public NodeView withHealthy(boolean h) {
        return new NodeView(name, cpuPercent, ramPercent, inFlight, h, functionState);
    }

    public NodeView withFunctionState(FunctionState s) {
        return new NodeView(name, cpuPercent, ramPercent, inFlight, healthy, s);
    }
}
