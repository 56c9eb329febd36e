package faastestbed.sim.engine;

import faastestbed.client.run.WorkloadPlan;
import faastestbed.client.workload.Arrival;
import faastestbed.client.workload.FunctionPick;
import faastestbed.client.workload.PoissonArrivals;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.Source;
import faastestbed.common.model.StartType;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.keepalive.policies.FixedTtlKeepAlive;
import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;
import faastestbed.sim.calibration.Calibration;
import faastestbed.sim.model.ServiceTime;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated gateway path on small cases whose every instant can be worked out by hand. Service times are
 * constant and, unless a test gives a calibration, starts cost nothing, so a response time is the run plus the
 * waits the test is about.
 */
class SimulationTest {
    private static final ServiceTime MS_100 = new ServiceTime.Constant(100);

    /** Cold: 300 ms pull, 200 ms init; every row 5 ms of gateway overhead and a 50 ms run. No image-cached row. */
    private static final Calibration CAL = calibration("""
            Function,Start Type,Overhead (ms),Pull (ms),Init (ms),Run (ms)
            f,cold,5,300,200,50
            f,warm,5,0,0,50
            """);

    // ---- determinism ----

    @Test
    void theSameSeedGivesTheSameRows() {
        List<MetricsRecord> a = mixedRun(7).rows;
        List<MetricsRecord> b = mixedRun(7).rows;
        assertEquals(400, a.size());
        assertEquals(a, b);
        assertNotEquals(a, mixedRun(8).rows, "another seed, other rows");
    }

    /** Two nodes, two functions, exponential service, calibrated starts drawn from several rows, expiries. */
    private static Run mixedRun(long seed) {
        Calibration cal = calibration("""
                Function,Start Type,Overhead (ms),Pull (ms),Init (ms),Run (ms)
                a,cold,5,300,200,50
                a,cold,7,250,180,40
                a,warm,5,0,0,50
                a,warm,3,0,0,30
                """);
        List<FunctionModel> fs = List.of(
                new FunctionModel(0, "a-image", new Demand("a", 128, 1, 0, 0), cal, null,
                        RandomSource.L64_X128_MIX.create(seed)),
                new FunctionModel(1, "b-image", new Demand("b", 192, 2, 0, 0), cal, new ServiceTime.Exponential(80),
                        RandomSource.L64_X128_MIX.create(seed + 1)));
        WorkloadPlan plan = new WorkloadPlan.OpenLoop("poisson", PoissonArrivals.generate(20, 400, null,
                List.of("a", "b"), FunctionPick.RANDOM, seed), Integer.MAX_VALUE);
        return run(spec(2, 0.5, 384, 8, 64, false), dynamic("fixed-ttl:2s"), fs, plan);
    }

    // ---- static modes ----

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = {"COLD", "PRE_WARMED", "WARMED"})
    void staticModesGiveTheirStartTypeAndTheServiceTime(ExecutionMode mode) {
        Run r = run(spec(2, 1, 384, 8, 64, false), cell(mode), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                sequential("f", 4));
        assertEquals(4, r.result.ok());
        for (MetricsRecord row : r.rows) {
            assertEquals(StartType.of(mode), row.container().startType());
            assertEquals(100, responseMs(row), 1e-9);
            assertEquals(mode, row.mode());
            assertEquals(InvocationStatus.OK, row.status());
            assertEquals(Source.SIMULATED, row.source());
            assertEquals(100, row.timings().runMs());
            assertEquals(-1, row.container().waitMs(), "no pool outside the dynamic mode");
            assertEquals("", row.container().keepAlive());
        }
        assertEquals(Map.of(StartType.of(mode), 4L), r.result.startTypes());
    }

    @Test
    void staticModesAddTheCalibratedPhasesOfTheirStartType() {
        FunctionModel f = new FunctionModel(0, "f-image", Demand.defaults("f"), CAL, null, RandomSource.L64_X128_MIX.create(1));
        assertEquals(555, responseMs(run(cell(ExecutionMode.COLD), f).rows.get(0)), 1e-9);
        f = new FunctionModel(0, "f-image", Demand.defaults("f"), CAL, null, RandomSource.L64_X128_MIX.create(1));
        MetricsRecord preWarmed = run(cell(ExecutionMode.PRE_WARMED), f).rows.get(0);
        assertEquals(255, responseMs(preWarmed), 1e-9, "image-cached: the cold row without its pull");
        assertEquals(200, preWarmed.timings().initMs());
        f = new FunctionModel(0, "f-image", Demand.defaults("f"), CAL, null, RandomSource.L64_X128_MIX.create(1));
        MetricsRecord warmed = run(cell(ExecutionMode.WARMED), f).rows.get(0);
        assertEquals(55, responseMs(warmed), 1e-9);
        assertEquals(-1, warmed.timings().initMs());
        assertEquals(-1, warmed.timings().pullMs());
    }

    // ---- dynamic pool ----

    @Test
    void firstCallIsColdThenWarm() {
        FunctionModel f = new FunctionModel(0, "f-image", Demand.defaults("f"), CAL, null, RandomSource.L64_X128_MIX.create(1));
        Run r = run(spec(1, 1, 384, 8, 64, false), dynamic("fixed-ttl"), List.of(f), sequential("f", 3));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(StartType.COLD, StartType.WARM, StartType.WARM), startTypes(rows));
        assertEquals(List.of(555.0, 55.0, 55.0), responses(rows));
        assertEquals(300, rows.get(0).timings().pullMs());
        assertEquals(200, rows.get(0).timings().initMs());
        assertEquals(-1, rows.get(1).timings().pullMs());
        assertEquals(1, rows.stream().map(x -> x.container().container()).distinct().count(), "one container");
        assertTrue(rows.stream().allMatch(x -> x.container().waitMs() == 0));
        assertEquals("fixed-ttl", rows.get(0).container().keepAlive());
        assertEquals(128, rows.get(0).container().memoryMb());
    }

    @Test
    void cachedImagesMakeTheFirstStartImageCached() {
        FunctionModel f = new FunctionModel(0, "f-image", Demand.defaults("f"), CAL, null, RandomSource.L64_X128_MIX.create(1));
        Run r = run(spec(1, 1, 384, 8, 64, true), dynamic("fixed-ttl"), List.of(f), sequential("f", 1));
        assertEquals(StartType.IMAGE_CACHED, r.rows.get(0).container().startType());
        assertEquals(255, responseMs(r.rows.get(0)), 1e-9);
    }

    @Test
    void anIdleContainerLivesForItsTtlAndNotLonger() {
        FunctionModel f = new FunctionModel(0, "f-image", Demand.defaults("f"), CAL, null, RandomSource.L64_X128_MIX.create(1));
        // Ends at 555 ms; idle 445 ms at the second call (warm, ends 1055 ms); idle 1445 ms at the third.
        Run r = run(spec(1, 1, 384, 8, 64, false), dynamic("fixed-ttl:1s"), List.of(f),
                open(Integer.MAX_VALUE, at(0, "f"), at(1000, "f"), at(2500, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(StartType.COLD, StartType.WARM, StartType.IMAGE_CACHED), startTypes(rows));
        assertEquals(List.of(555.0, 55.0, 255.0), responses(rows));
        assertEquals(rows.get(0).container().container(), rows.get(1).container().container());
        assertNotEquals(rows.get(0).container().container(), rows.get(2).container().container());
        // Idle from 555 to 1000 ms and from 1055 ms to its expiry at 2055 ms.
        assertEquals(128 * 1.445, r.result.idleMbSeconds(), 1e-6);
    }

    @Test
    void memoryBoundsThePoolAndTheLeastRecentlyUsedIdleContainerMakesRoom() {
        List<FunctionModel> fs = List.of(fn(0, "a", MS_100, 128, 1, 0, 0), fn(1, "b", MS_100, 128, 1, 0, 0),
                fn(2, "c", MS_100, 128, 1, 0, 0));
        List<PoolSample> pool = new ArrayList<>();
        Run r = run(spec(1, 8, 256, 8, 64, false), dynamic("fixed-ttl"), fs,
                open(Integer.MAX_VALUE, at(0, "a"), at(0, "b"), at(0, "c"), at(300, "a"), at(500, "b"), at(700, "a")),
                pool, Duration.ofMillis(50));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of("a", "b", "c", "a", "b", "a"), rows.stream().map(MetricsRecord::function).toList());
        assertEquals(List.of(StartType.COLD, StartType.COLD, StartType.COLD, StartType.IMAGE_CACHED,
                StartType.IMAGE_CACHED, StartType.WARM), startTypes(rows));
        // c waited for a's call to end, then took the place of a's idle container.
        assertEquals(100, rows.get(2).container().waitMs());
        assertEquals(List.of(100.0, 100.0, 200.0, 100.0, 100.0, 100.0), responses(rows));
        assertEquals(rows.get(3).container().container(), rows.get(5).container().container());
        assertTrue(r.result.startTypes().values().stream().mapToLong(Long::longValue).sum() == 6);

        Map<java.time.Instant, int[]> byInstant = new TreeMap<>();
        for (PoolSample s : pool) {
            int[] t = byInstant.computeIfAbsent(s.timestamp(), k -> new int[2]);
            t[0] += s.idle() + s.busy();
            t[1] += (int) s.memoryMb();
            assertEquals(256, s.capacityMb());
        }
        assertTrue(byInstant.size() >= 10, "sampled every 50 ms: " + byInstant.size());
        assertTrue(byInstant.values().stream().allMatch(t -> t[0] <= 2 && t[1] <= 256));
        assertTrue(byInstant.values().stream().anyMatch(t -> t[0] == 2), "the node filled up");
    }

    @Test
    void aFullNodeRefusesTheCallBeyondItsSlotsAndQueue() {
        Run r = run(spec(1, 8, 384, 1, 1, true), dynamic("fixed-ttl"), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f"), at(0, "f")));
        assertEquals(2, r.result.ok());
        assertEquals(1, r.result.rejected());
        assertEquals(3, r.result.calls());
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(InvocationStatus.OK, InvocationStatus.OK, InvocationStatus.REJECTED),
                rows.stream().map(MetricsRecord::status).toList());
        MetricsRecord refused = rows.get(2);
        assertEquals("node1", refused.node());
        assertEquals(0, responseMs(refused), 1e-9);
        assertNull(refused.container().startType());
        assertNull(refused.exitCode());
        assertEquals(Source.SIMULATED, refused.source());
        // The queued call got the slot when the first call ended.
        assertEquals(100, rows.get(1).timings().queueMs());
        assertEquals(200, responseMs(rows.get(1)), 1e-9);
        assertEquals(-1, rows.get(0).timings().queueMs());
    }

    @Test
    void aCallQueuedPastTheTimeoutIsRefusedAndTheNodeCarriesOn() {
        ClusterSpec s = new ClusterSpec(1, 8, 512, 128, 1, 4, true, Duration.ofSeconds(1));
        Run r = run(s, dynamic("fixed-ttl"), List.of(fn(0, "f", new ServiceTime.Constant(3000), 128, 1, 0, 0)),
                open(Integer.MAX_VALUE, at(0, "f"), at(100, "f"), at(5000, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(InvocationStatus.OK, InvocationStatus.REJECTED, InvocationStatus.OK),
                rows.stream().map(MetricsRecord::status).toList());
        assertEquals(1000, responseMs(rows.get(1)), 1e-9);
        assertEquals(StartType.WARM, rows.get(2).container().startType());
        assertEquals(3000, responseMs(rows.get(2)), 1e-9);
    }

    @Test
    void aCallWaitingForAContainerPastTheTimeoutIsRefusedAndGivesBackItsSlot() {
        ClusterSpec s = new ClusterSpec(1, 8, 512, 128, 2, 4, true, Duration.ofSeconds(1));
        Run r = run(s, dynamic("fixed-ttl"), List.of(fn(0, "f", new ServiceTime.Constant(3000), 128, 1, 0, 1)),
                open(Integer.MAX_VALUE, at(0, "f"), at(100, "f"), at(200, "f"), at(5000, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(InvocationStatus.OK, InvocationStatus.REJECTED, InvocationStatus.REJECTED,
                InvocationStatus.OK), rows.stream().map(MetricsRecord::status).toList());
        // The third call queued for a slot until the second gave its slot back at 1.1 s, then waited for the container.
        assertEquals(900, rows.get(2).timings().queueMs());
        assertEquals(1900, responseMs(rows.get(2)), 1e-9);
        assertEquals(StartType.WARM, rows.get(3).container().startType());
    }

    @Test
    void minimumIdleContainersAreStartedAheadAndOutliveTheirTtl() {
        Run r = run(spec(1, 8, 384, 8, 64, false), dynamic("fixed-ttl:1s"), List.of(fn(0, "f", MS_100, 128, 1, 1, 0)),
                open(Integer.MAX_VALUE, at(1000, "f"), at(5000, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(StartType.PREWARMED, StartType.PREWARMED), startTypes(rows));
        assertEquals(List.of(100.0, 100.0), responses(rows));
        assertNotEquals(rows.get(0).container().container(), rows.get(1).container().container(),
                "the second call took the container started to replace the first one's");
    }

    @Test
    void aContainerServesUpToItsConcurrencyAtOnce() {
        // After the first call, four at once: three share its container (packed), the fourth needs another.
        Run r = run(spec(1, 8, 384, 8, 64, true), dynamic("fixed-ttl"), List.of(fn(0, "f", MS_100, 128, 3, 0, 0)),
                open(Integer.MAX_VALUE, at(0, "f"), at(1000, "f"), at(1000, "f"), at(1000, "f"), at(1000, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(StartType.IMAGE_CACHED, StartType.WARM, StartType.WARM, StartType.WARM,
                StartType.IMAGE_CACHED), startTypes(rows));
        String first = rows.get(0).container().container();
        assertEquals(List.of(first, first, first), rows.subList(1, 4).stream().map(x -> x.container().container()).toList());
        assertNotEquals(first, rows.get(4).container().container());
        assertTrue(responses(rows).stream().allMatch(ms -> ms == 100));
    }

    @Test
    void waitingCallsTakeTheFreeSlotsOfAContainerAsSoonAsItIsReady() {
        // One container at most, two calls at once in it: the second call joins the first once the container is
        // ready (as the gateway's waiters wake when a container becomes ready), the third waits for a slot.
        FunctionModel f = new FunctionModel(0, "f-image", new Demand("f", 128, 2, 0, 1), CAL, MS_100,
                RandomSource.L64_X128_MIX.create(1));
        Run r = run(spec(1, 8, 384, 8, 64, true), dynamic("fixed-ttl"), List.of(f),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f"), at(0, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(StartType.IMAGE_CACHED, StartType.WARM, StartType.WARM), startTypes(rows));
        // Ready at 200 ms (init); runs of 100 ms and 5 ms of overhead.
        assertEquals(List.of(305.0, 305.0, 410.0), responses(rows));
        assertEquals(200, rows.get(1).container().waitMs());
        assertEquals(305, rows.get(2).container().waitMs());
    }

    @Test
    void callsSharingOneCoreRunAtItsShare() {
        FunctionModel f = fn(0, "f", new ServiceTime.Constant(1000), 128, 1, 0, 0);
        Run together = run(spec(1, 1, 384, 8, 64, true), cell(ExecutionMode.WARMED), List.of(f),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f")));
        assertEquals(List.of(2000.0, 2000.0), responses(byCall(together.rows)));
        assertEquals(List.of(2000L, 2000L), together.rows.stream().map(x -> x.timings().runMs()).toList());

        // Alone for 500 ms, then half speed: the first ends at 1500 ms, the second (half done) alone at 2000 ms.
        f = fn(0, "f", new ServiceTime.Constant(1000), 128, 1, 0, 0);
        Run staggered = run(spec(1, 1, 384, 8, 64, true), cell(ExecutionMode.WARMED), List.of(f),
                open(Integer.MAX_VALUE, at(0, "f"), at(500, "f")));
        assertEquals(List.of(1500.0, 1500.0), responses(byCall(staggered.rows)));
    }

    @Test
    void severalCoresAreSharedOnlyOnceCallsOutnumberThem() {
        Run r = run(spec(1, 2, 384, 8, 64, true), cell(ExecutionMode.WARMED),
                List.of(fn(0, "f", new ServiceTime.Constant(1000), 128, 1, 0, 0)),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f"), at(0, "f"), at(0, "f")));
        assertEquals(List.of(2000.0, 2000.0, 2000.0, 2000.0), responses(r.rows));
        Run two = run(spec(1, 2, 384, 8, 64, true), cell(ExecutionMode.WARMED),
                List.of(fn(0, "f", new ServiceTime.Constant(1000), 128, 1, 0, 0)),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f")));
        assertEquals(List.of(1000.0, 1000.0), responses(two.rows));
    }

    @Test
    void aSharingEfficiencyBelowOneSlowsSharedCallsFurther() {
        FunctionModel f = new FunctionModel(0, "f-image", Demand.defaults("f"), Calibration.empty(),
                new ServiceTime.Constant(1000), RandomSource.L64_X128_MIX.create(1), 0.5);
        Run r = run(spec(1, 1, 384, 8, 64, true), cell(ExecutionMode.WARMED), List.of(f),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f")));
        assertEquals(List.of(4000.0, 4000.0), responses(r.rows));
    }

    @Test
    void oneContainerAtMostServesCallsOneAfterAnotherInArrivalOrder() {
        Run r = run(spec(1, 8, 384, 8, 64, true), dynamic("fixed-ttl"), List.of(fn(0, "f", MS_100, 128, 1, 0, 1)),
                open(Integer.MAX_VALUE, at(0, "f"), at(10, "f"), at(20, "f"), at(30, "f")));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(100.0, 190.0, 280.0, 370.0), responses(rows));
        assertEquals(List.of(0L, 90L, 180L, 270L), rows.stream().map(x -> x.container().waitMs()).toList());
        assertEquals(List.of(StartType.IMAGE_CACHED, StartType.WARM, StartType.WARM, StartType.WARM), startTypes(rows));
        assertEquals(List.of(0, 1, 2, 3), finishOrder(r.rows), "FIFO");
    }

    @Test
    void aFunctionLargerThanTheNodeIsRefusedWithoutHanging() {
        List<FunctionModel> fs = List.of(fn(0, "big", MS_100, 1024, 1, 0, 0), fn(1, "small", MS_100, 128, 1, 0, 0));
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(spec(1, 8, 256, 1, 8, true),
                dynamic("fixed-ttl"), fs, open(Integer.MAX_VALUE, at(0, "big"), at(0, "big"), at(0, "small"),
                        at(0, "big"), at(50, "small"))));
        assertEquals(5, r.result.calls());
        assertEquals(3, r.result.rejected());
        List<MetricsRecord> rows = byCall(r.rows);
        for (MetricsRecord row : rows) {
            assertEquals(row.function().equals("big") ? InvocationStatus.REJECTED : InvocationStatus.OK, row.status(),
                    row.toString());
        }
        // The refused calls gave their slot back at once: the small one queued behind them only until they left.
        assertEquals(100, responseMs(rows.get(2)), 1e-9);
    }

    @Test
    void aClosedLoopKeepsAtMostItsClientsInFlight() {
        List<String> order = IntStream.range(0, 20).mapToObj(i -> "f").toList();
        Run r = run(spec(1, 8, 384, 8, 64, true), cell(ExecutionMode.WARMED), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                new WorkloadPlan.ClosedLoop(order, 3));
        assertEquals(20, r.result.ok());
        assertEquals(3, maxInFlight(r.rows));
        assertEquals(0.7, r.result.spanS(), 1e-9, "seven rounds of three calls");
        assertTrue(responses(r.rows).stream().allMatch(ms -> ms == 100), "no call waited: one per client");
    }

    @Test
    void aSequentialLoopSendsEachCallWhenTheLastOneAnswered() {
        Run r = run(spec(1, 8, 384, 8, 64, true), cell(ExecutionMode.WARMED), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                sequential("f", 5));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(0.0, 100.0, 200.0, 300.0, 400.0), rows.stream().map(SimulationTest::arrivalMs).toList());
        assertEquals(1, maxInFlight(r.rows));
    }

    @Test
    void aClosedLoopWithItsCallsRefusedStillFinishes() {
        // One slot, no queue, two clients: the second client's calls are refused one after another at once.
        List<String> order = IntStream.range(0, 50_000).mapToObj(i -> "f").toList();
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(spec(1, 8, 384, 1, 0, true),
                cell(ExecutionMode.WARMED), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                new WorkloadPlan.ClosedLoop(order, 2)));
        assertEquals(50_000, r.result.calls());
        assertTrue(r.result.ok() >= 1 && r.result.rejected() >= 1, r.result.ok() + " ok");
    }

    @Test
    void anOpenLoopWhoseHeldBackCallsAreAllRefusedStillFinishes() {
        // One call in flight at most: the rest wait in the client, and each refusal releases the next at once.
        SchedulingPolicy refusesX = new SchedulingPolicy() {
            @Override
            public String name() {
                return "refuses-x";
            }

            @Override
            public Optional<NodeView> select(ClusterSnapshot snapshot) {
                return snapshot.function().equals("x") ? Optional.empty() : Optional.of(snapshot.candidates().get(0));
            }
        };
        List<Arrival> arrivals = new ArrayList<>(List.of(at(0, "f")));
        IntStream.range(0, 50_000).forEach(i -> arrivals.add(at(1, "x")));
        Simulation.Cell cell = new Simulation.Cell(refusesX, ExecutionMode.WARMED, new FixedTtlKeepAlive(), "",
                InvocationPath.HANDLER, "test/cell");
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(spec(1, 8, 384, 8, 64, true), cell,
                List.of(fn(0, "f", MS_100, 128, 1, 0, 0), fn(1, "x", MS_100, 128, 1, 0, 0)),
                new WorkloadPlan.OpenLoop("test", arrivals, 1)));
        assertEquals(1, r.result.ok());
        assertEquals(50_000, r.result.rejected());
    }

    @Test
    void theOpenLoopsBoundOnCallsInFlightHoldsArrivalsBack() {
        List<Arrival> arrivals = IntStream.range(0, 10).mapToObj(i -> at(0, "f")).toList();
        Run r = run(spec(1, 8, 384, 8, 64, true), cell(ExecutionMode.WARMED), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                new WorkloadPlan.OpenLoop("test", arrivals, 2));
        List<MetricsRecord> rows = byCall(r.rows);
        assertEquals(List.of(0.0, 0.0, 100.0, 100.0, 200.0, 200.0, 300.0, 300.0, 400.0, 400.0),
                rows.stream().map(SimulationTest::arrivalMs).toList(), "sent when a call in flight answered");
        assertEquals(2, maxInFlight(r.rows));
        assertEquals(0.5, r.result.spanS(), 1e-9);
        Run unbounded = run(spec(1, 8, 384, 8, 64, true), cell(ExecutionMode.WARMED),
                List.of(fn(0, "f", MS_100, 128, 1, 0, 0)), new WorkloadPlan.OpenLoop("test", arrivals, Integer.MAX_VALUE));
        assertEquals(10, maxInFlight(unbounded.rows), "all sent at once");
    }

    @Test
    void theCellResultAddsUp() {
        Run r = run(spec(1, 8, 384, 1, 1, true), dynamic("fixed-ttl"), List.of(fn(0, "f", MS_100, 128, 1, 0, 0)),
                open(Integer.MAX_VALUE, at(0, "f"), at(0, "f"), at(0, "f"), at(1000, "f")));
        CellResult c = r.result;
        assertEquals(4, c.calls());
        assertEquals(3, c.ok());
        assertEquals(1, c.rejected());
        assertEquals(3, c.responseMs().length);
        assertEquals(Map.of(StartType.IMAGE_CACHED, 1L, StartType.WARM, 2L), c.startTypes());
        assertEquals(1.1, c.spanS(), 1e-9);
        assertEquals(100, c.quantileMs(0), 1e-9);
        assertEquals(200, c.quantileMs(1), 1e-9);
        assertEquals(400.0 / 3, c.meanMs(), 1e-9);
        assertEquals(1.0 / 3, c.coldShare(), 1e-9);
        assertEquals("test/cell", c.tag());
    }

    @Test
    void aPrewarmedContainerThatExpiresUnusedIsNotStartedAgainBeforeTheNextCall() {
        // "a" every 20 s for 300 s (a representative histogram: pre-warm at 18 s), then only "b" keeps the run going.
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            arrivals.add(at(i * 20_000L, "a"));
        }
        for (int i = 0; i < 60; i++) {
            arrivals.add(at(300_000L + i * 20_000L, "b"));
        }
        List<PoolSample> pool = new ArrayList<>();
        Simulation.Cell cell = dynamic("hybrid-histogram:1s");
        run(spec(1, 1, 384, 8, 64, true), cell, List.of(fn(0, "a", MS_100, 64, 1, 0, 0), fn(1, "b", MS_100, 64, 1, 0, 0)),
                open(100, arrivals.toArray(Arrival[]::new)), pool, Duration.ofSeconds(1));
        long lateSamplesWithA = pool.stream().filter(p -> p.function().equals("a")
                && p.timestamp().isAfter(Sims.EPOCH.plusSeconds(900)) && p.idle() + p.busy() > 0).count();
        assertEquals(0, lateSamplesWithA, "no call of a came, so it is not pre-warmed again and again");
    }

    @Test
    void idleMemoryStopsCountingAtTheLastAnswerWhateverTheKeepAlive() {
        // 301 calls, not a multiple of the progress slices (3 calls each): the run must stop at the last answer,
        // not run on to the expiry checks, which would count idle memory until each container expires.
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            arrivals.add(at(i * 1_000L, "a"));
        }
        double lru = run(spec(1, 1, 384, 8, 64, true), dynamic("lru"), List.of(fn(0, "a", MS_100, 64, 1, 0, 0)),
                open(100, arrivals.toArray(Arrival[]::new))).result().idleMbSeconds();
        double longTtl = run(spec(1, 1, 384, 8, 64, true), dynamic("fixed-ttl:1h"), List.of(fn(0, "a", MS_100, 64, 1, 0, 0)),
                open(100, arrivals.toArray(Arrival[]::new))).result().idleMbSeconds();
        assertEquals(lru, longTtl, 1e-9);
        assertEquals(64 * 300 * 0.9, lru, 1e-6, "300 idle gaps of 0.9 s between 301 calls of 100 ms");
    }

    // ---- builders ----

    private record Run(CellResult result, List<MetricsRecord> rows) {
    }

    private static Run run(Simulation.Cell cell, FunctionModel f) {
        return run(spec(1, 1, 384, 8, 64, false), cell, List.of(f), sequential(f.name(), 1));
    }

    private static Run run(ClusterSpec spec, Simulation.Cell cell, List<FunctionModel> functions, WorkloadPlan plan) {
        return run(spec, cell, functions, plan, null, Duration.ofSeconds(1));
    }

    private static Run run(ClusterSpec spec, Simulation.Cell cell, List<FunctionModel> functions, WorkloadPlan plan,
                           List<PoolSample> pool, Duration poolInterval) {
        List<MetricsRecord> rows = new ArrayList<>();
        Simulation sim = new Simulation(spec, cell, functions, new Simulation.Output(rows::add,
                pool == null ? null : pool::add, poolInterval, Sims.EPOCH, "t", null));
        CellResult result = sim.run(plan);
        assertEquals(plan.size(), result.calls(), "every call answered");
        assertEquals(plan.size(), rows.size(), "one row per call");
        return new Run(result, rows);
    }

    /** {@code capacityMb} for containers, on top of the usual 128 MB reserve; a timeout no test reaches. */
    private static ClusterSpec spec(int nodes, double cpus, long capacityMb, int slots, int queue, boolean imagesCached) {
        return new ClusterSpec(nodes, cpus, capacityMb + 128, 128, slots, queue, imagesCached, Duration.ofHours(1));
    }

    private static FunctionModel fn(int index, String name, ServiceTime service, int memoryMb, int concurrency,
                                    int minIdle, int maxContainers) {
        return new FunctionModel(index, name + "-image", new Demand(name, memoryMb, concurrency, minIdle, maxContainers),
                Calibration.empty(), service, RandomSource.L64_X128_MIX.create(index + 1));
    }

    private static Simulation.Cell cell(ExecutionMode mode) {
        return new Simulation.Cell(new RoundRobinPolicy(), mode, new KeepAliveCatalog(KeepAliveCatalog.builtIns())
                .create("fixed-ttl"), "", InvocationPath.HANDLER, "test/cell");
    }

    private static Simulation.Cell dynamic(String keepAlive) {
        return new Simulation.Cell(new RoundRobinPolicy(), ExecutionMode.DYNAMIC,
                new KeepAliveCatalog(KeepAliveCatalog.builtIns()).create(keepAlive), keepAlive, InvocationPath.HANDLER,
                "test/cell");
    }

    private static WorkloadPlan sequential(String function, int calls) {
        return new WorkloadPlan.ClosedLoop(IntStream.range(0, calls).mapToObj(i -> function).toList(), 1);
    }

    private static WorkloadPlan open(int maxInFlight, Arrival... arrivals) {
        return new WorkloadPlan.OpenLoop("test", List.of(arrivals), maxInFlight);
    }

    private static Arrival at(long ms, String function) {
        return new Arrival(ms * 1_000_000, function, "test");
    }

    private static Calibration calibration(String csv) {
        try {
            return Calibration.read(new StringReader(csv), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading rows ----

    private static int callIndex(MetricsRecord r) {
        return Integer.parseInt(r.invocationId().substring(r.invocationId().lastIndexOf('-') + 1));
    }

    /** Rows in the order the calls arrived (rows are written as calls end). */
    private static List<MetricsRecord> byCall(List<MetricsRecord> rows) {
        return rows.stream().sorted(Comparator.comparingInt(SimulationTest::callIndex)).toList();
    }

    private static List<Integer> finishOrder(List<MetricsRecord> rows) {
        return rows.stream().map(SimulationTest::callIndex).toList();
    }

    private static List<StartType> startTypes(List<MetricsRecord> rows) {
        return rows.stream().map(r -> r.container().startType()).toList();
    }

    private static List<Double> responses(List<MetricsRecord> rows) {
        return rows.stream().map(SimulationTest::responseMs).toList();
    }

    private static double responseMs(MetricsRecord r) {
        return Math.round(r.executionTimeS() * 1e9) / 1e6;
    }

    private static double arrivalMs(MetricsRecord r) {
        return Duration.between(Sims.EPOCH, r.timestamp()).toNanos() / 1e6;
    }

    /** The most calls that were in flight at once, from the rows' arrival and response times. */
    private static int maxInFlight(List<MetricsRecord> rows) {
        TreeMap<Long, Integer> delta = new TreeMap<>();
        for (MetricsRecord r : rows) {
            long from = Duration.between(Sims.EPOCH, r.timestamp()).toNanos();
            delta.merge(from, 1, Integer::sum);
            delta.merge(from + Math.round(r.executionTimeS() * 1e9), -1, Integer::sum);
        }
        int now = 0;
        int max = 0;
        for (int d : delta.values()) {
            now += d;
            max = Math.max(max, now);
        }
        return max;
    }
}
