package faastestbed.gateway.pool;

import faastestbed.common.model.StartType;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.policies.FixedTtlKeepAlive;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A namespace's memory limit across node pools: own idle containers give way, others' never, and the books balance. */
class NamespaceQuotaPoolTest {
    final FakeBackend backend = new FakeBackend();
    final TestClock clock = new TestClock();
    final AtomicReference<KeepAlivePolicy> keepAlive = new AtomicReference<>(new FixedTtlKeepAlive(Duration.ofMinutes(10)));
    final NamespaceQuota quota = new NamespaceQuota(ns -> Map.of("acme", 256L).getOrDefault(ns, 0L));
    final ContainerPools pools = new ContainerPools(backend, keepAlive::get, clock, Runnable::run, quota);
    static final Duration WAIT = Duration.ofSeconds(1);

    static FunctionSpec fn(String qualified, int mb) {
        return new FunctionSpec(qualified, "registry:5000/echo", List.of("true"), FunctionSpec.DEFAULT_KEEP_ALIVE,
                List.of("handler"), null, Instant.EPOCH, new Demand(qualified, mb, 1, 0, 0));
    }

    @Test
    void quotaArithmeticRefusesWhatWouldGoOverAndChangesNothingThen() {
        assertTrue(quota.swap("acme", 0, 200));
        assertEquals(200, quota.used("acme"));
        assertTrue(!quota.swap("acme", 0, 100) && quota.used("acme") == 200);
        assertTrue(quota.swap("acme", 100, 150));
        assertEquals(250, quota.used("acme"));
        assertTrue(quota.swap("other", 0, 1_000_000), "no limit");
        quota.give("acme", 1000);
        assertEquals(0, quota.used("acme"), "never below zero");
    }

    @Test
    void anIdleContainerOfTheSameNamespaceOnTheNodeGivesWayAndItsNameCarriesTheNamespace() throws Exception {
        pools.capacity("n1", 4096);
        var a = pools.acquire("n1", fn("acme/a", 128), WAIT);
        assertTrue(a.container().startsWith("faas-pool-acme--a-"), a.container());
        pools.release(a, true);
        clock.advance(Duration.ofSeconds(1));
        var b = pools.acquire("n1", fn("acme/b", 128), WAIT);
        pools.release(b, true);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(256, quota.used("acme"));
        var c = pools.acquire("n1", fn("acme/c", 128), WAIT);
        assertEquals(StartType.IMAGE_CACHED, c.startType(), "a new container; the image was there");
        assertEquals(List.of(a.container()), backend.removed, "the least recently used of acme's idle containers");
        assertEquals(1, c.evicted());
        assertEquals(256, quota.used("acme"));
    }

    @Test
    void busyContainersAreNeverTakenAndAnotherNamespacesAreNeverEvictedForTheLimit() throws Exception {
        pools.capacity("n1", 4096);
        var other = pools.acquire("n1", fn("beta/x", 512), WAIT);
        pools.release(other, true);
        var a = pools.acquire("n1", fn("acme/a", 128), WAIT);
        var b = pools.acquire("n1", fn("acme/b", 128), WAIT);
        PoolException e = assertThrows(PoolException.class, () -> pools.acquire("n1", fn("acme/c", 64), WAIT));
        assertEquals(PoolException.Kind.NAMESPACE_FULL, e.kind());
        assertTrue(e.getMessage().contains("namespace 'acme' holds 256 MB of its 256 MB"), e.getMessage());
        assertEquals(List.of(), backend.removed);
        pools.release(a, true);
        pools.release(b, true);
        assertEquals(512, quota.used("beta"));
    }

    @Test
    void whenTheCallsNodeHasNothingIdleOfTheNamespaceItsIdleContainersOnOtherNodesGiveWay() throws Exception {
        pools.capacity("n1", 4096);
        pools.capacity("n2", 4096);
        var a = pools.acquire("n1", fn("acme/a", 200), WAIT);
        pools.release(a, true);
        var b = pools.acquire("n2", fn("acme/b", 200), WAIT);
        assertEquals(List.of(a.container()), backend.removed);
        assertEquals(200, quota.used("acme"));
        assertEquals(StartType.COLD, b.startType(), "n2 had no image yet");
    }

    @Test
    void clearingAPoolGivesItsMemoryBackAndPrewarmsStayWithinTheLimit() throws Exception {
        pools.capacity("n1", 4096);
        var a = pools.acquire("n1", fn("acme/a", 200), WAIT);
        pools.release(a, true);
        pools.clear("n1");
        assertEquals(0, quota.used("acme"));
        FunctionSpec many = new FunctionSpec("acme/many", "img", List.of("true"), FunctionSpec.DEFAULT_KEEP_ALIVE,
                List.of("handler"), null, Instant.EPOCH, new Demand("acme/many", 100, 1, 3, 0));
        pools.tick(List.of(many));
        assertEquals(200, quota.used("acme"), "minIdle 3 × 100 MB stops at the 256 MB limit: two started");
    }

    @Test
    void idleContainersElsewhereGiveWayOnlyWhenThatMakesRoomBusyOnesHoldTheRest() throws Exception {
        pools.capacity("n1", 4096);
        pools.capacity("n2", 4096);
        var busy = pools.acquire("n1", fn("acme/a", 128), WAIT);
        var idle = pools.acquire("n1", fn("acme/c", 64), WAIT);
        pools.release(idle, true);
        PoolException e = assertThrows(PoolException.class, () -> pools.acquire("n2", fn("acme/b", 160), WAIT));
        assertEquals(PoolException.Kind.NAMESPACE_FULL, e.kind());
        assertEquals(List.of(), backend.removed, "192 - 64 + 160 is over 256 anyway: the idle container stays");
        assertEquals(192, quota.used("acme"));
        var fits = pools.acquire("n2", fn("acme/b", 128), WAIT);
        assertEquals(List.of(idle.container()), backend.removed, "192 - 64 + 128 fits: the idle one on n1 gives way");
        assertEquals(256, quota.used("acme"));
        pools.release(busy, true);
        pools.release(fits, true);
    }

    @Test
    void aForgottenFunctionGivesItsMemoryBackAndItsNameStartsClean() throws Exception {
        pools.capacity("n1", 4096);
        var a = pools.acquire("n1", fn("acme/a", 200), WAIT);
        pools.release(a, true);
        assertEquals(200, quota.used("acme"));
        pools.forgetFunction("acme/a");
        assertEquals(0, quota.used("acme"));
        var again = pools.acquire("n1", fn("acme/a", 200), WAIT);
        assertTrue(again.startType() != StartType.WARM && !again.container().equals(a.container()),
                "no reuse of a container the deletion removed");
    }
}
