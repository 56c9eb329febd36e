package faastestbed.sim.engine;

import java.time.Duration;

/**
 * The simulated cluster: identical nodes, sized as the local testbed's by default (0.5 CPU, 512 MB of which
 * 128 MB are kept from containers, 8 slots and a queue of 64 per node, as the gateway's defaults).
 *
 * @param imagesCached every node has every image at the start of a cell (the gateway's
 *                     {@code testbed.dynamic.start-images=cached}); otherwise a dynamic cell starts with none
 * @param timeout      how long a call may wait in a node's queue and for a container before it is refused
 */
public record ClusterSpec(int nodes, double cpus, long memoryMb, long reserveMb, int slots, int queue,
                          boolean imagesCached, Duration timeout) {
    public ClusterSpec {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("--node-cpus must be a positive number, got " + cpus);
        }
        if (memoryMb <= reserveMb || reserveMb < 0) {
            throw new IllegalArgumentException("--node-memory (" + memoryMb + " MB) must be more than the reserve ("
                    + reserveMb + " MB) kept from containers");
        }
        if (slots < 1 || queue < 0) {
            throw new IllegalArgumentException("--node-slots must be at least 1 and --node-queue at least 0");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
    }

    public static ClusterSpec local(int nodes) {
        return new ClusterSpec(nodes, 0.5, 512, 128, 8, 64, false, Duration.ofSeconds(300));
    }

    public long capacityMb() {
        return memoryMb - reserveMb;
    }

    /** node1..node4 as on the local cluster; zero-padded beyond 9 so that name order is index order. */
    public String nodeName(int index) {
        int width = Integer.toString(nodes).length();
        return "node" + (nodes <= 9 ? Integer.toString(index + 1) : String.format("%0" + width + "d", index + 1));
    }
}
