package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static faastestbed.policy.scheduling.Nodes.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashAffinityPolicyTest {
    private static final long MEMORY = 256;
    private static final List<String> NAMES = List.of("n1", "n2", "n3", "n4");

    private final HashAffinityPolicy p = new HashAffinityPolicy();

    private static NodeView[] idleNodes() {
        return NAMES.stream().map(NodeView::idle).toArray(NodeView[]::new);
    }

    private static ClusterSnapshot snapshot(String function, NodeView... nodes) {
        return new ClusterSnapshot(function, MEMORY, List.of(nodes));
    }

    /** Node names in the order the function tries them among the four nodes, home first. */
    private static List<String> path(String function) {
        return Arrays.stream(HashAffinityPolicy.probeOrder(function, NAMES.size())).mapToObj(NAMES::get).toList();
    }

    private static NodeView noMemory(NodeView n) {
        return n.withOccupancy(new NodeView.Occupancy(0, 0, MEMORY - 1, 0, 0, 0));
    }

    private static NodeView saturated(NodeView n) {
        return n.withCapacity(new NodeView.Capacity(2, 4096, 2, 8)).withOccupancy(new NodeView.Occupancy(2, 0, 4096, 0, 0, 0));
    }

    private static NodeView[] with(NodeView[] nodes, String target, UnaryOperator<NodeView> change) {
        return Arrays.stream(nodes).map(n -> n.name().equals(target) ? change.apply(n) : n).toArray(NodeView[]::new);
    }

    @Test
    void homesSpreadOverEveryNode() {
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            perNode.merge(name(p.select(snapshot("fn-" + i, idleNodes()))), 1, Integer::sum);
        }
        assertEquals(NAMES.size(), perNode.size(), perNode.toString());
        // 50 expected per node; a binomial count below 30 would be a 1-in-1000 event for a uniform hash
        perNode.values().forEach(count -> assertTrue(count >= 30, perNode.toString()));
    }

    @Test
    void homeIsStableAcrossCallsInstancesAndRuns() {
        String home = name(p.select(snapshot("fib", idleNodes())));
        for (int i = 0; i < 10; i++) {
            assertEquals(home, name(p.select(snapshot("fib", idleNodes()))));
            assertEquals(home, name(new HashAffinityPolicy().select(snapshot("fib", idleNodes()))));
        }
        // Pinned (cross-checked with Python's zlib.crc32 and the murmur3 finaliser): a hash that varied between
        // JVMs or runs would move every home after a gateway restart
        assertEquals(0x9c9eee99L, HashAffinityPolicy.hash("fib"));
        assertEquals("n2", home);
    }

    @Test
    void homeIgnoresLoadAndInputOrder() {
        NodeView[] nodes = idleNodes();
        String home = path("thumbnail").get(0);
        NodeView[] loaded = with(nodes, home, n -> n.withLoad(99, 80).withInFlight(7));
        List<NodeView> reversed = new ArrayList<>(Arrays.asList(loaded));
        Collections.reverse(reversed);
        assertEquals(home, name(p.select(snapshot("thumbnail", reversed.toArray(NodeView[]::new)))));
    }

    @Test
    void probeOrderVisitsEveryNodeOnce() {
        for (int n = 1; n <= 12; n++) {
            for (int i = 0; i < 50; i++) {
                int[] order = HashAffinityPolicy.probeOrder("fn-" + i, n);
                assertEquals(n, Arrays.stream(order).distinct().count(), "n=" + n + " fn-" + i);
                assertTrue(Arrays.stream(order).allMatch(at -> at >= 0 && at < order.length));
            }
        }
        assertEquals(0, HashAffinityPolicy.probeOrder("fib", 0).length);
    }

    @Test
    void stepsAreOpenWhisksPairwiseCoprimes() {
        assertEquals(List.of(1), HashAffinityPolicy.coprimeSteps(1));
        assertEquals(List.of(1, 3), HashAffinityPolicy.coprimeSteps(4));
        assertEquals(List.of(1, 2, 3), HashAffinityPolicy.coprimeSteps(5));
        assertEquals(List.of(1, 5), HashAffinityPolicy.coprimeSteps(6));
        assertEquals(List.of(1, 5, 7, 11), HashAffinityPolicy.coprimeSteps(12));
    }

    @Test
    void sharedHomesSpillToDifferentNeighbours() {
        Map<String, Set<String>> secondByHome = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            List<String> path = path("fn-" + i);
            secondByHome.computeIfAbsent(path.get(0), h -> new HashSet<>()).add(path.get(1));
        }
        // With 4 nodes the steps are 1 and 3: each home spills both ways, not always onto its successor
        secondByHome.values().forEach(seconds -> assertEquals(2, seconds.size(), secondByHome.toString()));
    }

    @Test
    void fullHomeStepsToNextOnItsPath() {
        List<String> path = path("fib");
        NodeView[] nodes = with(idleNodes(), path.get(0), HashAffinityPolicyTest::noMemory);
        assertEquals(path.get(1), name(p.select(snapshot("fib", nodes))));
        nodes = with(nodes, path.get(1), HashAffinityPolicyTest::saturated);
        assertEquals(path.get(2), name(p.select(snapshot("fib", nodes))));
    }

    @Test
    void saturatedHomeStepsOn() {
        List<String> path = path("matmul");
        assertEquals(path.get(1), name(p.select(snapshot("matmul", with(idleNodes(), path.get(0),
                HashAffinityPolicyTest::saturated)))));
    }

    @Test
    void unhealthyNodesAreSteppedOverWithoutMovingOtherHomes() {
        List<String> path = path("fib");
        NodeView[] homeDown = with(idleNodes(), path.get(0), n -> n.withHealthy(false));
        assertEquals(path.get(1), name(p.select(snapshot("fib", homeDown))));
        NodeView[] otherDown = with(idleNodes(), path.get(2), n -> n.withHealthy(false));
        assertEquals(path.get(0), name(p.select(snapshot("fib", otherDown))));
    }

    @Test
    void idleContainerOrUnknownMemoryIsRoom() {
        String home = path("fib").get(0);
        NodeView[] warm = with(idleNodes(), home, n -> n.withOccupancy(new NodeView.Occupancy(0, 0, 0, 0, 1, 0)));
        assertEquals(home, name(p.select(snapshot("fib", warm))));
        NodeView[] noMemory = with(idleNodes(), home, HashAffinityPolicyTest::noMemory);
        assertEquals(home, name(p.select(new ClusterSnapshot("fib", List.of(noMemory)))));
    }

    @Test
    void allFullGoesHome() {
        List<String> path = path("fib");
        NodeView[] allFull = Arrays.stream(idleNodes()).map(HashAffinityPolicyTest::saturated).toArray(NodeView[]::new);
        assertEquals(path.get(0), name(p.select(snapshot("fib", allFull))));
        NodeView[] mixed = with(Arrays.stream(idleNodes()).map(HashAffinityPolicyTest::noMemory).toArray(NodeView[]::new),
                path.get(1), HashAffinityPolicyTest::saturated);
        assertEquals(path.get(0), name(p.select(snapshot("fib", mixed))));
    }

    @Test
    void allFullWithHomeDownGoesToFirstHealthyOnThePath() {
        List<String> path = path("fib");
        NodeView[] nodes = Arrays.stream(idleNodes()).map(HashAffinityPolicyTest::saturated).toArray(NodeView[]::new);
        nodes = with(nodes, path.get(0), n -> n.withHealthy(false));
        assertEquals(path.get(1), name(p.select(snapshot("fib", nodes))));
    }

    @Test
    void nothingWithoutHealthyNodes() {
        assertTrue(p.select(snapshot("fib")).isEmpty());
        NodeView[] down = Arrays.stream(idleNodes()).map(n -> n.withHealthy(false)).toArray(NodeView[]::new);
        assertTrue(p.select(snapshot("fib", down)).isEmpty());
    }

    @Test
    void differentFunctionsCanHaveDifferentHomes() {
        assertTrue(IntStream.range(0, 20).mapToObj(i -> path("fn-" + i).get(0)).distinct().count() > 1);
        assertNotEquals(HashAffinityPolicy.hash("fn-1"), HashAffinityPolicy.hash("fn-2"));
    }

    @Test
    void nameAndDisplayName() {
        assertEquals("hash-affinity", p.name());
        assertEquals("Hash Affinity", p.displayName());
    }
}
