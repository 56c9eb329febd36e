package faastestbed.sim.engine;

import faastestbed.client.run.WorkloadPlan;
import faastestbed.common.model.ExecutionMode;
import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeList;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.sim.model.ServiceTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveNodesTest {
    private final FunctionModel f = Sims.function("f", new ServiceTime.Constant(10), 128, 1, 0, 0, 1);

    @Test
    void aSnapshotTakesTheLiveListAsItIs() {
        // Out of name order on purpose: a copy would be sorted, the live list must not be.
        LiveNodes live = new LiveNodes(new SimNode[]{node("node2", 0), node("node1", 1), node("node3", 2)}, f,
                ExecutionMode.DYNAMIC);
        ClusterSnapshot snapshot = new ClusterSnapshot("f", 128, live);
        assertSame(live, snapshot.nodes());
        assertSame(live, snapshot.candidates(), "every simulated node is healthy: no filtered copy");
        assertEquals(List.of("node2", "node1", "node3"), snapshot.nodes().stream().map(NodeView::name).toList());
        assertSame(live, snapshot.withNodes(live).nodes());
    }

    @Test
    void readingTheSnapshotAfterItsDecisionFails() {
        LiveNodes live = new LiveNodes(new SimNode[]{node("node1", 0), node("node2", 1)}, f, ExecutionMode.DYNAMIC);
        ClusterSnapshot snapshot = new ClusterSnapshot("f", 128, live);
        snapshot.nodes().get(1);
        live.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> snapshot.nodes().get(0));
        assertTrue(e.getMessage().contains("valid only during the decision"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> snapshot.candidates().get(1));
        assertThrows(IllegalStateException.class, () -> snapshot.nodes().iterator().next());
        assertEquals(2, snapshot.nodes().size(), "its size alone reads no node");
    }

    @Test
    void theListCannotBeModified() {
        LiveNodes live = new LiveNodes(new SimNode[]{node("node1", 0)}, f, ExecutionMode.DYNAMIC);
        assertThrows(UnsupportedOperationException.class, () -> live.add(NodeView.idle("node9")));
        assertThrows(UnsupportedOperationException.class, () -> live.remove(0));
        assertTrue(live.allHealthy());
    }

    @Test
    void aViewIsReusedUntilItsNodeChanges() {
        SimNode n = node("node1", 0);
        LiveNodes live = new LiveNodes(new SimNode[]{n}, f, ExecutionMode.DYNAMIC);
        NodeView first = live.get(0);
        assertSame(first, live.get(0));
        assertSame(first, new LiveNodes(new SimNode[]{n}, f, ExecutionMode.DYNAMIC).get(0), "across decisions too");
        n.changed();
        assertNotSame(first, live.get(0));
        assertEquals(first, live.get(0), "same content: nothing moved but the version");
    }

    @Test
    void theDynamicViewShowsTheFunctionsStateAndThePool() {
        SimNode n = node("node1", 0);
        LiveNodes live = new LiveNodes(new SimNode[]{n}, f, ExecutionMode.DYNAMIC);
        NodeView v = live.get(0);
        assertEquals(FunctionState.ABSENT, v.functionState());
        assertEquals(new NodeView.Capacity(2, 384, 4, 16), v.capacity());
        assertEquals(new NodeView.Occupancy(0, 0, 384, 0, 0, 0), v.occupancy());

        n.images.add(f.image());
        n.changed();
        assertEquals(FunctionState.IMAGE_PRESENT, live.get(0).functionState());

        SimContainer starting = new SimContainer("c1", f, 0, false);
        starting.inFlight = 1;
        n.containers.add(starting);
        n.usedMb += starting.memoryMb();
        n.changed();
        v = live.get(0);
        assertEquals(FunctionState.IMAGE_PRESENT, v.functionState(), "a container still starting is not running");
        assertEquals(new NodeView.Occupancy(0, 0, 256, 0, 0, 1), v.occupancy());

        SimContainer idle = new SimContainer("c2", f, 0, false);
        idle.ready = true;
        n.containers.add(idle);
        n.usedMb += idle.memoryMb();
        n.running = 1;
        n.inFlight = 2;
        n.changed();
        v = live.get(0);
        assertEquals(FunctionState.CONTAINER_RUNNING, v.functionState());
        assertEquals(new NodeView.Occupancy(1, 0, 128, 128, 1, 1), v.occupancy());
        assertEquals(2, v.inFlight());
        assertTrue(v.healthy());
    }

    @Test
    void staticModesShowTheStateTheirModePromises() {
        SimNode n = node("node1", 0);
        assertEquals(FunctionState.ABSENT, new LiveNodes(new SimNode[]{n}, f, ExecutionMode.COLD).get(0).functionState());
        n.changed();
        assertEquals(FunctionState.IMAGE_PRESENT,
                new LiveNodes(new SimNode[]{n}, f, ExecutionMode.PRE_WARMED).get(0).functionState());
        n.changed();
        NodeView warmed = new LiveNodes(new SimNode[]{n}, f, ExecutionMode.WARMED).get(0);
        assertEquals(FunctionState.CONTAINER_RUNNING, warmed.functionState());
        assertEquals(-1, warmed.occupancy().freeMemoryMb(), "no pool: memory unknown");
    }

    @Test
    void aPolicyGetsTheLiveListAndCannotKeepItForLater() {
        class Keeper implements SchedulingPolicy {
            final List<ClusterSnapshot> seen = new ArrayList<>();

            @Override
            public String name() {
                return "keeper";
            }

            @Override
            public Optional<NodeView> select(ClusterSnapshot snapshot) {
                assertTrue(snapshot.nodes() instanceof NodeList, snapshot.nodes().getClass().getName());
                assertSame(snapshot.nodes(), snapshot.candidates());
                if (!seen.isEmpty()) {
                    seen.get(seen.size() - 1).nodes().get(0);
                }
                seen.add(snapshot);
                return Optional.of(snapshot.candidates().get(0));
            }
        }
        Keeper keeper = new Keeper();
        Simulation sim = new Simulation(Sims.roomy(3, 1, 512), Sims.dynamic(keeper), List.of(f), Sims.quiet());
        WorkloadPlan plan = new WorkloadPlan.ClosedLoop(List.of("f", "f"), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.run(plan));
        assertTrue(e.getMessage().contains("valid only during the decision"), e.getMessage());
        assertEquals(1, keeper.seen.size(), "the second decision failed reading the first one's snapshot");
    }

    private static SimNode node(String name, int index) {
        return new SimNode(name, index, 2, 512, 384, 4, 16, 1);
    }
}
