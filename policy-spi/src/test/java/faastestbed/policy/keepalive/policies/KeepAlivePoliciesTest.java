package faastestbed.policy.keepalive.policies;

import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.FunctionUsage;
import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepAlivePoliciesTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static ContainerView idle(String id, String f, int mb, long costMs, int usedSecondsAgo) {
        return new ContainerView(id, f, mb, 1, 0, true, false, T0.minusSeconds(900), T0.minusSeconds(usedSecondsAgo), 1, costMs);
    }

    static PoolView pool(Map<String, FunctionUsage> usage, ContainerView... cs) {
        return new PoolView("n1", T0, 1024, List.of(cs), usage);
    }

    static FunctionUsage usage(String f, long invocations) {
        return new FunctionUsage(f, 128, invocations, T0, Double.NaN);
    }

    @Test
    void noneRemovesAtOnceFixedTtlAfterItsTimeLruAndGreedyDualOnlyUnderPressure() {
        ContainerView c = idle("a", "f", 128, 500, 1);
        PoolView p = pool(Map.of(), c);
        assertEquals(Duration.ZERO, new NoKeepAlive().keepAlive(c, p));
        assertEquals(Duration.ofMinutes(10), new FixedTtlKeepAlive().keepAlive(c, p));
        assertEquals(Duration.ofSeconds(30), new FixedTtlKeepAlive().withArgument("30s").keepAlive(c, p));
        assertEquals(KeepAlivePolicy.FOREVER, new LruKeepAlive().keepAlive(c, p));
        assertEquals(KeepAlivePolicy.FOREVER, new GreedyDualKeepAlive().keepAlive(c, p));
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedFirst() {
        ContainerView recent = idle("r", "f", 128, 500, 1);
        ContainerView old = idle("o", "g", 128, 500, 100);
        PoolView p = pool(Map.of(), recent, old);
        assertEquals(List.of("o", "r"), p.idle().stream().sorted(new LruKeepAlive().evictionOrder(p)).map(ContainerView::id).toList());
    }

    @Test
    void greedyDualKeepsFrequentExpensiveSmallContainersAndEvictsRareCheapLargeOnesFirst() {
        GreedyDualKeepAlive gd = new GreedyDualKeepAlive();
        ContainerView frequentExpensive = idle("fe", "hot", 128, 4000, 100);   // 10 × 4000 / 128 = 312
        ContainerView rareCheap = idle("rc", "cold", 128, 500, 1);             // 1 × 500 / 128 = 3.9
        ContainerView rareExpensiveBig = idle("reb", "big", 512, 4000, 1);     // 1 × 4000 / 512 = 7.8
        PoolView p = pool(Map.of("hot", usage("hot", 10), "cold", usage("cold", 1), "big", usage("big", 1)),
                frequentExpensive, rareCheap, rareExpensiveBig);
        assertEquals(List.of("rc", "reb", "fe"),
                p.idle().stream().sorted(gd.evictionOrder(p)).map(ContainerView::id).toList(),
                "LRU would evict fe first; Greedy-Dual weighs frequency × cost / size");
        assertEquals(312.5, gd.priority(frequentExpensive, p), 1e-9);
    }

    @Test
    void greedyDualsClockRisesWithEvictionsSoContainersUsedLaterOutrankOnesUsedBefore() {
        GreedyDualKeepAlive gd = new GreedyDualKeepAlive();
        ContainerView a = idle("a", "f", 128, 1280, 50);   // 1 × 1280 / 128 = 10
        ContainerView b = idle("b", "g", 128, 1280, 40);
        PoolView p = pool(Map.of("f", usage("f", 1), "g", usage("g", 1)), a, b);
        gd.used(a, p);
        gd.evicted(b, p);
        assertEquals(10.0, gd.clock("n1"), 1e-9);
        ContainerView later = idle("c", "h", 128, 1280, 1);
        PoolView p2 = pool(Map.of("f", usage("f", 1), "h", usage("h", 1)), a, later);
        gd.used(later, p2);  // used after the eviction: the clock (10) is added to its priority
        assertEquals(10.0, gd.priority(a, p2), 1e-9);
        assertEquals(20.0, gd.priority(later, p2), 1e-9);
        gd.reset();
        assertEquals(0.0, gd.clock("n1"));
    }

    @Test
    void hybridHistogramLearnsPrewarmAndKeepAliveWindowsFromRegularIdleTimes() {
        HybridHistogramKeepAlive h = new HybridHistogramKeepAlive(Duration.ofSeconds(1));
        Instant t = T0;
        for (int i = 0; i < 40; i++) {
            h.arrived("f", "n1", t);
            t = t.plusSeconds(i % 2 == 0 ? 30 : 34);  // idle times of 30 and 34 s
        }
        var w = h.windows("f");
        assertTrue(w.representative());
        assertEquals(27, w.prewarm().toSeconds());                      // head 30 s less 10 %
        assertEquals(11_500, w.keepAlive().toMillis()); // the tail bin ends at 35 s, plus 10 % = 38.5 s, less the pre-warm
        ContainerView used = idle("a", "f", 128, 500, 1);
        assertEquals(Duration.ZERO, h.keepAlive(used, pool(Map.of(), used)), "unloaded after its call");
        ContainerView prewarmed = new ContainerView("p", "f", 128, 1, 0, true, true, T0, T0, 0, 500);
        assertEquals(w.keepAlive(), h.keepAlive(prewarmed, pool(Map.of(), prewarmed)));
        assertEquals(w.prewarm(), h.prewarmAfter("f", pool(Map.of())).orElseThrow());
    }

    @Test
    void hybridHistogramFallsBackToItsWholeRangeWhenTheHistogramIsNotRepresentative() {
        HybridHistogramKeepAlive h = new HybridHistogramKeepAlive(Duration.ofSeconds(1));
        Instant t = T0;
        for (int i = 0; i < 5; i++) {  // too few idle times
            h.arrived("few", "n1", t);
            t = t.plusSeconds(10);
        }
        assertFalse(h.windows("few").representative());
        assertEquals(Duration.ofSeconds(240), h.windows("few").keepAlive());
        t = T0;
        for (int i = 0; i < 30; i++) {  // mostly beyond the 240 s range
            h.arrived("rare", "n1", t);
            t = t.plusSeconds(600);
        }
        assertFalse(h.windows("rare").representative());
        t = T0;
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 2000; i++) {  // spread evenly over the range: bin counts too flat (low CV)
            h.arrived("flat", "n1", t);
            t = t.plusSeconds(1 + r.nextInt(239));
        }
        assertFalse(h.windows("flat").representative());
        assertTrue(h.prewarmAfter("flat", pool(Map.of())).isEmpty());
        ContainerView c = idle("a", "flat", 128, 500, 1);
        assertEquals(Duration.ofSeconds(240), h.keepAlive(c, pool(Map.of(), c)));
        h.reset();
        assertFalse(h.windows("f").representative());
    }

    @Test
    void theCatalogCreatesPoliciesByNameWithArgumentsAndRefusesUnknownOnes() {
        KeepAliveCatalog catalog = new KeepAliveCatalog(List.of(new NoKeepAlive(), new FixedTtlKeepAlive(), new LruKeepAlive(),
                new GreedyDualKeepAlive(), new HybridHistogramKeepAlive()));
        assertEquals(List.of("fixed-ttl", "greedy-dual", "hybrid-histogram", "lru", "none"), catalog.names());
        FixedTtlKeepAlive ttl = assertInstanceOf(FixedTtlKeepAlive.class, catalog.create("fixed-ttl:90s"));
        assertEquals(Duration.ofSeconds(90), ttl.ttl());
        assertEquals(Duration.ofMillis(500), ((FixedTtlKeepAlive) catalog.create("fixed-ttl:500ms")).ttl());
        assertEquals(Duration.ofMinutes(2), ((FixedTtlKeepAlive) catalog.create(" fixed-ttl:2m ")).ttl());
        assertNotSame(catalog.create("hybrid-histogram:1m"), catalog.create("hybrid-histogram:1m"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalog.create("mru")).getMessage()
                .contains("known: fixed-ttl, greedy-dual, hybrid-histogram, lru, none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalog.create("lru:5s")).getMessage()
                .contains("takes no argument"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalog.create("fixed-ttl:-5s")).getMessage()
                .contains("must be 1-20 letters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalog.create("fixed-ttl:soon")).getMessage()
                .contains("not a duration"));
        assertThrows(IllegalStateException.class, () -> new KeepAliveCatalog(List.of(new LruKeepAlive(), new LruKeepAlive())));
    }
}
