package faastestbed.policy.keepalive;

import faastestbed.policy.keepalive.policies.LruKeepAlive;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    final KeepAlivePolicy lru = new LruKeepAlive();

    static ContainerView idle(String id, String f, int mb, int secondsAgoUsed) {
        return new ContainerView(id, f, mb, 1, 0, true, false, T0.minusSeconds(600), T0.minusSeconds(secondsAgoUsed), 3, 700);
    }

    static ContainerView busy(String id, String f, int mb) {
        return new ContainerView(id, f, mb, 1, 1, true, false, T0.minusSeconds(600), T0.minusSeconds(1), 3, 700);
    }

    static PoolView pool(long capacity, ContainerView... cs) {
        return new PoolView("node1", T0, capacity, List.of(cs), Map.of());
    }

    @Test
    void anIdleContainerOfTheFunctionTakesTheCall() {
        var d = Placement.decide(pool(512, idle("a", "echo", 128, 5), idle("b", "noop", 128, 1)), Demand.defaults("echo"), lru);
        assertEquals("a", assertInstanceOf(Placement.Reuse.class, d).container().id());
    }

    @Test
    void theMostRecentlyUsedOfSeveralIdleContainersIsReusedSoTheOthersCanAgeOut() {
        var d = Placement.decide(pool(512, idle("old", "echo", 128, 50), idle("new", "echo", 128, 2)), Demand.defaults("echo"), lru);
        assertEquals("new", assertInstanceOf(Placement.Reuse.class, d).container().id());
    }

    @Test
    void withFreeMemoryANewContainerStartsWithoutEvicting() {
        var d = Placement.decide(pool(512, busy("a", "echo", 128), idle("b", "noop", 128, 1)), Demand.defaults("echo"), lru);
        assertEquals(List.of(), assertInstanceOf(Placement.Start.class, d).evict());
    }

    @Test
    void underMemoryPressureIdleContainersAreEvictedInThePolicysOrderOnlyAsManyAsNeeded() {
        var d = Placement.decide(pool(384, idle("recent", "noop", 128, 1), idle("oldest", "fib", 128, 90),
                idle("older", "noop", 128, 30)), Demand.defaults("echo"), lru);
        assertEquals(List.of("oldest"), assertInstanceOf(Placement.Start.class, d).evict().stream().map(ContainerView::id).toList());
        var big = Placement.decide(pool(384, idle("recent", "noop", 128, 1), idle("oldest", "fib", 128, 90),
                idle("older", "noop", 128, 30)), new Demand("big", 256, 1, 0, 0), lru);
        assertEquals(List.of("oldest", "older"), assertInstanceOf(Placement.Start.class, big).evict().stream().map(ContainerView::id).toList());
    }

    @Test
    void whenBusyContainersHoldTheMemoryTheCallWaits() {
        var d = Placement.decide(pool(256, busy("a", "noop", 128), busy("b", "echo", 128)), Demand.defaults("echo"), lru);
        assertTrue(assertInstanceOf(Placement.Wait.class, d).reason().contains("needs 128 MB"));
    }

    @Test
    void aFunctionLargerThanTheNodeNeverFits() {
        var d = Placement.decide(pool(384), new Demand("big", 512, 1, 0, 0), lru);
        assertTrue(assertInstanceOf(Placement.Never.class, d).reason().contains("offers 384 MB"));
    }

    @Test
    void atItsMaximumOfContainersAFunctionWaitsEvenWithMemoryFree() {
        var d = Placement.decide(pool(1024, busy("a", "echo", 128)), new Demand("echo", 128, 1, 0, 1), lru);
        assertTrue(assertInstanceOf(Placement.Wait.class, d).reason().contains("maximum of 1"));
    }

    @Test
    void withConcurrencyAboveOneABusyContainerWithAFreeSlotTakesTheCallAndScaleOutStartsWhenFull() {
        var twoSlots = new ContainerView("a", "echo", 128, 2, 1, true, false, T0, T0, 1, 700);
        assertEquals("a", assertInstanceOf(Placement.Reuse.class,
                Placement.decide(pool(512, twoSlots), new Demand("echo", 128, 2, 0, 0), lru)).container().id());
        var full = new ContainerView("a", "echo", 128, 2, 2, true, false, T0, T0, 1, 700);
        assertInstanceOf(Placement.Start.class, Placement.decide(pool(512, full), new Demand("echo", 128, 2, 0, 0), lru));
    }

    @Test
    void aStartingContainerCountsAgainstMemoryButDoesNotTakeCalls() {
        var starting = new ContainerView("s", "echo", 128, 1, 0, false, true, T0, T0, 0, -1);
        var d = Placement.decide(pool(128, starting), Demand.defaults("echo"), lru);
        assertInstanceOf(Placement.Wait.class, d);
    }
}
