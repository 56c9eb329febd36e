package faastestbed.policy.scheduling;

import java.util.Objects;

/**
 * What a policy may know about one node at decision time. Immutable: the policy sees a consistent picture
 * even while invocations start and end around it.
 *
 * @param name          node name as registered
 * @param cpuPercent    CPU use as % of the node's own limit, from the last background sample (NaN: no sample yet)
 * @param ramPercent    RAM use as % of the node's own limit, same sample (NaN: no sample yet)
 * @param inFlight      invocations placed on the node and not answered yet (running, queued or starting)
 * @param healthy       reachable over SSH and answering its samples
 * @param functionState readiness of the node for the function being scheduled (in the dynamic mode: a running
 *                      container of it, else its image cached, else neither)
 * @param capacity      what the node can hold: CPUs, memory for containers, its bound and queue
 * @param occupancy     what it holds now: slots taken, queue, free and idle memory, containers of the function
 */
public record NodeView(String name, double cpuPercent, double ramPercent, int inFlight, boolean healthy,
                       FunctionState functionState, Capacity capacity, Occupancy occupancy) {

    /**
     * @param cpus          CPU cores the node may use (NaN: unknown)
     * @param memoryMb      memory for function containers (-1: unknown)
     * @param maxConcurrent invocations the node runs at once; more wait in its queue
     * @param queueCapacity invocations that may wait; more are refused with 429
     */
    public record Capacity(double cpus, long memoryMb, int maxConcurrent, int queueCapacity) {
        public static final Capacity UNKNOWN = new Capacity(Double.NaN, -1, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param running          invocations holding one of the node's slots
     * @param queued           invocations waiting for a slot
     * @param freeMemoryMb     capacity minus the memory of every container of the pool (-1: unknown)
     * @param idleMemoryMb     memory of idle containers (of any function), which an eviction could free
     * @param idleContainers   containers of the scheduled function ready to take a call now
     * @param busyContainers   containers of the scheduled function serving calls or starting
     */
    public record Occupancy(int running, int queued, long freeMemoryMb, long idleMemoryMb, int idleContainers,
                            int busyContainers) {
        public static final Occupancy EMPTY = new Occupancy(0, 0, -1, 0, 0, 0);
    }

    public NodeView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(functionState, "functionState");
        capacity = Objects.requireNonNullElse(capacity, Capacity.UNKNOWN);
        occupancy = Objects.requireNonNullElse(occupancy, Occupancy.EMPTY);
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight must be >= 0, was " + inFlight);
        }
    }

    /** A node with no capacity or pool information (the static modes' view before the pool existed). */
    public NodeView(String name, double cpuPercent, double ramPercent, int inFlight, boolean healthy,
                    FunctionState functionState) {
        this(name, cpuPercent, ramPercent, inFlight, healthy, functionState, Capacity.UNKNOWN, Occupancy.EMPTY);
    }

    /** A healthy node with no load sample yet and nothing of the function on it: handy for tests and simulators. */
    public static NodeView idle(String name) {
        return new NodeView(name, 0, 0, 0, true, FunctionState.ABSENT);
    }

    /**
     * Whether a call of a function needing {@code memoryMb} could start here without waiting for memory: an idle
     * container of it is ready, or free memory (plus what evicting idle containers would free) fits a new one.
     * Unknown memory counts as room.
     */
    public boolean hasRoomFor(long memoryMb) {
        if (occupancy.idleContainers() > 0 || occupancy.freeMemoryMb() < 0 || memoryMb <= 0) {
            return true;
        }
        return occupancy.freeMemoryMb() + occupancy.idleMemoryMb() >= memoryMb;
    }

    /** Every slot of the node is taken: a call placed here now would wait in its queue. */
    public boolean saturated() {
        return occupancy.running() >= capacity.maxConcurrent();
    }

    public NodeView withLoad(double cpu, double ram) {
        return new NodeView(name, cpu, ram, inFlight, healthy, functionState, capacity, occupancy);
    }

    public NodeView withInFlight(int n) {
        return new NodeView(name, cpuPercent, ramPercent, n, healthy, functionState, capacity, occupancy);
    }

    public NodeView withHealthy(boolean h) {
        return new NodeView(name, cpuPercent, ramPercent, inFlight, h, functionState, capacity, occupancy);
    }

    public NodeView withFunctionState(FunctionState s) {
        return new NodeView(name, cpuPercent, ramPercent, inFlight, healthy, s, capacity, occupancy);
    }

    public NodeView withCapacity(Capacity c) {
        return new NodeView(name, cpuPercent, ramPercent, inFlight, healthy, functionState, c, occupancy);
    }

    public NodeView withOccupancy(Occupancy o) {
        return new NodeView(name, cpuPercent, ramPercent, inFlight, healthy, functionState, capacity, o);
    }
}
