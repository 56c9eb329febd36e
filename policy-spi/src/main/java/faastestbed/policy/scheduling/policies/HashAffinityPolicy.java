package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * OpenWhisk's home invoker (ShardingContainerPoolBalancer): a hash of the function name fixes a home node, so the
 * function's containers gather there and later calls find them warm. A full home sends the call on by a step size
 * co-prime with the node count, as OpenWhisk does: every node is then tried exactly once, and functions sharing a
 * home spill to different neighbours instead of all onto the next node.
 *
 * <p>Home and step are taken over every registered node in name order, healthy or not, so a node going down moves
 * only the functions homed on it (OpenWhisk indexes all invokers the same way); unhealthy nodes are stepped over.
 * When every healthy node is full the call goes home anyway (or to the first healthy node on its path if home is
 * down), to wait in that node's queue or get 429 there. OpenWhisk picks a random invoker in that case; we do not,
 * to keep decisions reproducible.
 */
public class HashAffinityPolicy implements SchedulingPolicy {
    public static final String NAME = "hash-affinity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<NodeView> select(ClusterSnapshot snapshot) {
        List<NodeView> nodes = snapshot.nodes();
        int n = nodes.size();
        if (n == 0) {
            return Optional.empty();
        }
        long hash = hash(snapshot.function());
        int step = stepFor(hash, n);
        NodeView overflow = null;
        // The probe order of probeOrder(), walked without building it: a call usually stops at its home node.
        for (int i = 0, at = (int) (hash % n); i < n; i++, at = (at + step) % n) {
            NodeView node = nodes.get(at);
            if (!node.healthy()) {
                continue;
            }
            if (!full(node, snapshot.memoryMb())) {
                return Optional.of(node);
            }
            if (overflow == null) {
                overflow = node;
            }
        }
        return Optional.ofNullable(overflow);
    }

    private static boolean full(NodeView node, long memoryMb) {
        return !node.hasRoomFor(memoryMb) || node.saturated();
    }

    /** Indexes (into the name-ordered nodes) in the order the function tries them: home first. */
    static int[] probeOrder(String function, int nodeCount) {
        int[] order = new int[nodeCount];
        if (nodeCount == 0) {
            return order;
        }
        long hash = hash(function);
        int step = stepFor(hash, nodeCount);
        int at = (int) (hash % nodeCount);
        for (int i = 0; i < nodeCount; i++, at = (at + step) % nodeCount) {
            order[i] = at;
        }
        return order;
    }

    /** Home and step come from different digits of the hash, so functions sharing a home do not share a step too. */
    private static int stepFor(long hash, int nodeCount) {
        int[] steps = coprimeStepsCached(nodeCount);
        return steps[(int) (hash / nodeCount % steps.length)];
    }

    /** The last node count's steps: computing them is quadratic in the count, and the count rarely changes. */
    private static volatile Steps lastSteps = new Steps(0, new int[]{1});

    private record Steps(int n, int[] values) {
    }

    private static int[] coprimeStepsCached(int n) {
        Steps s = lastSteps;
        if (s.n() != n) {
            s = new Steps(n, coprimeSteps(n).stream().mapToInt(Integer::intValue).toArray());
            lastSteps = s;
        }
        return s.values();
    }

    /**
     * Unsigned 32-bit hash of the UTF-8 name, the same in every JVM and on every machine. Not String.hashCode: modulo
     * a small power of two it depends only on the characters' low bits (fn-a, fn-e and fn-i share a home among 4
     * nodes). CRC32 alone is linear, so names differing in the same bits differ by the same value; murmur3's
     * finaliser breaks that structure before the modulo.
     */
    static long hash(String function) {
        CRC32 crc = new CRC32();
        crc.update(function.getBytes(StandardCharsets.UTF_8));
        int h = (int) crc.getValue();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.toUnsignedLong(h);
    }

    /** OpenWhisk's pairwiseCoprimeNumbersUntil: 1..n, co-prime with n and with each other. Always holds 1. */
    static List<Integer> coprimeSteps(int n) {
        List<Integer> steps = new ArrayList<>();
        for (int cur = 1; cur <= n; cur++) {
            int c = cur;
            if (gcd(c, n) == 1 && steps.stream().allMatch(s -> gcd(s, c) == 1)) {
                steps.add(c);
            }
        }
        return steps;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
