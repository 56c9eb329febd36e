package faastestbed.gateway.pool;

import faastestbed.common.model.StartType;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.policies.FixedTtlKeepAlive;
import faastestbed.policy.keepalive.policies.HybridHistogramKeepAlive;
import faastestbed.policy.keepalive.policies.LruKeepAlive;
import faastestbed.policy.keepalive.policies.NoKeepAlive;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerPoolsTest {
    final FakeBackend backend = new FakeBackend();
    final TestClock clock = new TestClock();
    final AtomicReference<KeepAlivePolicy> keepAlive = new AtomicReference<>(new FixedTtlKeepAlive(Duration.ofSeconds(30)));
    final ContainerPools pools = new ContainerPools(backend, keepAlive::get, clock, Runnable::run);
    static final Duration WAIT = Duration.ofSeconds(5);

    static FunctionSpec fn(String name, int mb, int concurrency, int minIdle, int max) {
        return new FunctionSpec(name, "registry:5000/" + name, List.of("true"), FunctionSpec.DEFAULT_KEEP_ALIVE,
                List.of("handler"), null, Instant.EPOCH, new Demand(name, mb, concurrency, minIdle, max));
    }

    static FunctionSpec fn(String name) {
        return fn(name, 128, 1, 0, 0);
    }

    @Test
    void theFirstCallIsColdTheNextOnesWithinTheTtlAreWarmOnTheSameContainer() throws Exception {
        pools.capacity("n1", 384);
        var first = pools.acquire("n1", fn("echo"), WAIT);
        assertEquals(StartType.COLD, first.startType());
        assertEquals(2000, first.pullMs());
        pools.release(first, true);
        clock.advance(Duration.ofSeconds(10));
        pools.tick(List.of(fn("echo")));
        var second = pools.acquire("n1", fn("echo"), WAIT);
        assertEquals(StartType.WARM, second.startType());
        assertEquals(first.container(), second.container());
        assertEquals(-1, second.initMs());
        pools.release(second, true);
        assertEquals(List.of(), backend.removed);
    }

    @Test
    void fixedTtlRemovesAContainerIdleForLongerThanItsTtlAndTheNextStartIsImageCached() throws Exception {
        pools.capacity("n1", 384);
        var first = pools.acquire("n1", fn("echo"), WAIT);
        pools.release(first, true);
        clock.advance(Duration.ofSeconds(29));
        pools.tick(List.of(fn("echo")));
        assertEquals(List.of(), backend.removed);
        clock.advance(Duration.ofSeconds(1));
        pools.tick(List.of(fn("echo")));
        assertEquals(List.of(first.container()), backend.removed);
        var next = pools.acquire("n1", fn("echo"), WAIT);
        assertEquals(StartType.IMAGE_CACHED, next.startType());
    }

    @Test
    void withNoKeepAliveEveryContainerLeavesWhenItsCallEnds() throws Exception {
        keepAlive.set(new NoKeepAlive());
        pools.capacity("n1", 384);
        for (int i = 0; i < 3; i++) {
            var l = pools.acquire("n1", fn("echo"), WAIT);
            assertNotEquals(StartType.WARM, l.startType());
            pools.release(l, true);
        }
        assertEquals(3, backend.started.size());
        assertEquals(backend.started, backend.removed);
        assertEquals(0, pools.view("n1").orElseThrow().containers().size());
    }

    @Test
    void underMemoryPressureTheLeastRecentlyUsedIdleContainerIsEvictedBeforeTheStart() throws Exception {
        keepAlive.set(new LruKeepAlive());
        pools.capacity("n1", 256);
        var a = pools.acquire("n1", fn("a"), WAIT);
        pools.release(a, true);
        clock.advance(Duration.ofSeconds(1));
        var b = pools.acquire("n1", fn("b"), WAIT);
        pools.release(b, true);
        clock.advance(Duration.ofSeconds(1));
        var c = pools.acquire("n1", fn("c"), WAIT);
        assertEquals(1, c.evicted());
        assertEquals(List.of(a.container()), backend.removed);
        assertEquals(List.of("b", "c"), pools.view("n1").orElseThrow().containers().stream().map(ContainerView::function).sorted().toList());
    }

    @Test
    void aCallThatFindsAllMemoryBusyWaitsInLineAndRecordsItsWait() throws Exception {
        keepAlive.set(new LruKeepAlive());
        pools.capacity("n1", 128);
        var holder = pools.acquire("n1", fn("a"), WAIT);
        var waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return pools.acquire("n1", fn("b"), WAIT);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, Executors.newSingleThreadExecutor());
        Thread.sleep(150);
        assertFalse(waiter.isDone());
        assertEquals(1, pools.waiting("n1"));
        pools.release(holder, true);
        var got = waiter.get(5, TimeUnit.SECONDS);
        assertTrue(got.waitMs() >= 100, "waited " + got.waitMs() + " ms");
        assertEquals(1, got.evicted());
        assertEquals(StartType.COLD, got.startType());
    }

    @Test
    void aCallThatWaitsTooLongGivesUpWithAClearReason() throws Exception {
        pools.capacity("n1", 128);
        pools.acquire("n1", fn("a"), WAIT);
        var e = assertThrows(PoolException.class, () -> pools.acquire("n1", fn("b"), Duration.ofMillis(100)));
        assertEquals(PoolException.Kind.WAIT_TIMED_OUT, e.kind());
        assertTrue(e.getMessage().contains("needs 128 MB"), e.getMessage());
        assertEquals(0, pools.waiting("n1"));
    }

    @Test
    void aFunctionBiggerThanTheNodeIsRefusedAtOnce() {
        pools.capacity("n1", 128);
        var e = assertThrows(PoolException.class, () -> pools.acquire("n1", fn("big", 256, 1, 0, 0), WAIT));
        assertEquals(PoolException.Kind.TOO_BIG, e.kind());
    }

    @Test
    void aFailedStartFreesItsMemory() throws Exception {
        pools.capacity("n1", 128);
        backend.failNext = new IllegalStateException("no such image");
        var e = assertThrows(PoolException.class, () -> pools.acquire("n1", fn("a"), WAIT));
        assertEquals(PoolException.Kind.START_FAILED, e.kind());
        assertEquals(128, pools.view("n1").orElseThrow().freeMb());
        assertEquals(StartType.COLD, pools.acquire("n1", fn("a"), WAIT).startType());
    }

    @Test
    void aContainerWhoseHandlerDiedLeavesThePoolAndTheNode() throws Exception {
        pools.capacity("n1", 256);
        var l = pools.acquire("n1", fn("a"), WAIT);
        pools.release(l, false);
        assertEquals(List.of(l.container()), backend.removed);
        assertEquals(StartType.IMAGE_CACHED, pools.acquire("n1", fn("a"), WAIT).startType());
    }

    @Test
    void minimumIdleContainersAreStartedAheadServeAsPrewarmedAndDoNotExpire() throws Exception {
        keepAlive.set(new FixedTtlKeepAlive(Duration.ofSeconds(1)));
        FunctionSpec f = fn("a", 128, 1, 1, 0);
        pools.capacity("n1", 384);
        pools.tick(List.of(f));
        assertEquals(1, backend.started.size());
        clock.advance(Duration.ofMinutes(5));
        pools.tick(List.of(f));
        assertEquals(List.of(), backend.removed);
        var l = pools.acquire("n1", f, WAIT);
        assertEquals(StartType.PREWARMED, l.startType());
        pools.tick(List.of(f));  // the one in use is not idle: another is started ahead
        assertEquals(2, backend.started.size());
        pools.release(l, true);
        clock.advance(Duration.ofSeconds(2));
        pools.tick(List.of(f));  // two idle, one above the minimum: that one expires
        assertEquals(1, backend.removed.size());
    }

    @Test
    void withConcurrencyTwoTwoCallsShareOneContainerAndAThirdScalesOut() throws Exception {
        FunctionSpec f = fn("a", 128, 2, 0, 0);
        pools.capacity("n1", 384);
        var x = pools.acquire("n1", f, WAIT);
        var y = pools.acquire("n1", f, WAIT);
        assertEquals(x.container(), y.container());
        assertEquals(StartType.WARM, y.startType());
        var z = pools.acquire("n1", f, WAIT);
        assertNotEquals(x.container(), z.container());
        assertEquals(2, backend.started.size());
    }

    @Test
    void theHybridHistogramUnloadsAfterACallAndPrewarmsBeforeTheNextIsDue() throws Exception {
        HybridHistogramKeepAlive hybrid = new HybridHistogramKeepAlive(Duration.ofSeconds(1));
        keepAlive.set(hybrid);
        FunctionSpec f = fn("a");
        pools.capacity("n1", 384);
        for (int i = 0; i < 15; i++) {  // a call every 20 s: idle times all in bin 20
            var l = pools.acquire("n1", f, WAIT);
            pools.release(l, true);
            clock.advance(Duration.ofSeconds(20));
            pools.tick(List.of(f));
        }
        var w = hybrid.windows("a");
        assertTrue(w.representative());
        assertEquals(18, w.prewarm().toSeconds());  // 20 s less 10 %
        int startsBefore = backend.started.size();
        var l = pools.acquire("n1", f, WAIT);
        assertEquals(StartType.PREWARMED, l.startType(), "the previous window's pre-warm served it");
        clock.advance(Duration.ofSeconds(5));  // a long call: the pre-warm window still counts from its arrival
        pools.release(l, true);
        assertEquals(l.container(), backend.removed.get(backend.removed.size() - 1), "unloaded after its call");
        clock.advance(Duration.ofSeconds(12));
        pools.tick(List.of(f));
        assertEquals(startsBefore, backend.started.size());
        clock.advance(Duration.ofSeconds(1));
        pools.tick(List.of(f));
        assertEquals(startsBefore + 1, backend.started.size(), "pre-warmed 18 s after the arrival");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(StartType.PREWARMED, pools.acquire("n1", f, WAIT).startType());
    }

    @Test
    void aPrewarmedContainerThatExpiresUnusedIsNotStartedAgainBeforeTheNextCall() throws Exception {
        HybridHistogramKeepAlive hybrid = new HybridHistogramKeepAlive(Duration.ofSeconds(1));
        keepAlive.set(hybrid);
        FunctionSpec f = fn("a");
        pools.capacity("n1", 384);
        for (int i = 0; i < 15; i++) {  // a call every 20 s, then silence
            var l = pools.acquire("n1", f, WAIT);
            pools.release(l, true);
            clock.advance(Duration.ofSeconds(20));
            pools.tick(List.of(f));
        }
        var w = hybrid.windows("a");
        int startsAfterCalls = backend.started.size();
        // The pre-warm for the silence's first gap came up; it lives for the keep-alive window, then goes.
        clock.advance(w.keepAlive().plusSeconds(5));
        pools.tick(List.of(f));
        int startsAfterExpiry = backend.started.size();
        assertTrue(startsAfterExpiry <= startsAfterCalls + 1);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(10));
            pools.tick(List.of(f));
        }
        assertEquals(startsAfterExpiry, backend.started.size(), "no call came, so nothing is pre-warmed again");
        assertEquals(StartType.IMAGE_CACHED, pools.acquire("n1", f, WAIT).startType());
    }

    @Test
    void aWaitingCallOfTheSameFunctionIsServedBeforeANewcomer() throws Exception {
        FunctionSpec f = fn("a", 128, 1, 0, 1);
        pools.capacity("n1", 384);
        var holder = pools.acquire("n1", f, WAIT);
        var exec = Executors.newFixedThreadPool(2);
        var first = CompletableFuture.supplyAsync(() -> acquireQuietly(f), exec);
        Thread.sleep(100);
        var second = CompletableFuture.supplyAsync(() -> acquireQuietly(f), exec);
        Thread.sleep(100);
        pools.release(holder, true);
        var got = first.get(5, TimeUnit.SECONDS);
        assertFalse(second.isDone());
        pools.release(got, true);
        second.get(5, TimeUnit.SECONDS);
        exec.shutdownNow();
    }

    private ContainerPools.Lease acquireQuietly(FunctionSpec f) {
        try {
            return pools.acquire("n1", f, WAIT);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }
}
